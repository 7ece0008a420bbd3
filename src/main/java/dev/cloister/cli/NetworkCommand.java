package dev.cloister.cli;

import dev.cloister.json.Json;
import dev.cloister.net.Cidr;
import dev.cloister.net.NetworkConfig;
import dev.cloister.net.NetworkStore;
import dev.cloister.store.CloisterPaths;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

final class NetworkCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "network", "Named networks: each its own bridge and address pool. "
                + "Sandboxes on one network reach each other.");
        for (Subcommand sub : List.of(new Create(), new ListNetworks(), new Inspect(), new Delete())) {
            CommandSpec subSpec = sub.spec();
            spec.addSubcommand(subSpec.name(), new CommandLine(subSpec));
        }
        return spec;
    }

    @Override
    public int run(ParseResult parsed) {
        return Subcommand.showUsage(parsed);
    }

    static NetworkStore store() {
        return new NetworkStore(CloisterPaths.fromEnvironment());
    }

    static Map<String, Object> describe(NetworkConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", c.name());
        m.put("bridge", c.bridge());
        m.put("subnet", c.subnet().toString());
        m.put("gateway", c.gateway().toString());
        m.put("nat", c.nat());
        m.put("host_access", c.hostAccess() ? "all host services" : "DHCP and DNS on the bridge only");
        return m;
    }

    static final class Create implements Subcommand {
        @Override
        public CommandSpec spec() {
            CommandSpec spec = Specs.command(this, "create", "Create a network (bridge made on first use).");
            spec.addPositional(Specs.parameter(0, "NAME"));
            spec.addOption(Specs.value("CIDR", "e.g. 10.214.0.0/24 (default: a free private range)", "--subnet"));
            spec.addOption(Specs.flag("masquerade the subnet's outbound traffic behind the host's address (sets "
                    + "net.ipv4.ip_forward=1 when a sandbox on it starts; default: no NAT)", "--nat"));
            spec.addOption(Specs.flag("let its sandboxes reach every service of the host (default: only DHCP and "
                    + "DNS on the bridge)", "--allow-host"));
            return spec;
        }

        @Override
        public int run(ParseResult parsed) throws Exception {
            NetworkConfig c = store().create(parsed.matchedPositionalValue(0, null),
                    Optional.ofNullable(parsed.<String>matchedOptionValue("--subnet", null)).map(Cidr::parse),
                    parsed.matchedOptionValue("--nat", false), parsed.matchedOptionValue("--allow-host", false));
            System.out.println("created network " + c.name() + " (" + c.subnet() + ", bridge " + c.bridge()
                    + (c.nat() ? ", NAT" : "") + ")");
            return 0;
        }
    }

    static final class ListNetworks implements Subcommand {
        @Override
        public CommandSpec spec() {
            CommandSpec spec = Specs.command(this, "list", "Every network.");
            spec.addOption(Specs.flag("machine-readable output", "--json"));
            return spec;
        }

        @Override
        public int run(ParseResult parsed) throws Exception {
            boolean json = parsed.matchedOptionValue("--json", false);
            List<Map<String, Object>> rows = new ArrayList<>();
            NetworkStore store = store();
            for (NetworkConfig c : store.list()) {
                rows.add(describe(c));
            }
            // A damaged config is named with its file and line; the others are listed as usual.
            List<String> damaged = store.damaged();
            if (json) {
                for (String problem : damaged) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("problem", problem);
                    rows.add(row);
                }
                System.out.print(Json.write(rows));
            } else {
                TextTable table = new TextTable(16, 16, 18, 16).row("NAME", "BRIDGE", "SUBNET", "GATEWAY", "NAT");
                rows.forEach(r -> table.row(r.get("name"), r.get("bridge"), r.get("subnet"), r.get("gateway"),
                        Boolean.TRUE.equals(r.get("nat")) ? "yes" : "no"));
                table.print();
                damaged.forEach(p -> System.err.println("network list: damaged: " + p));
            }
            return 0;
        }
    }

    static final class Inspect implements Subcommand {
        @Override
        public CommandSpec spec() {
            CommandSpec spec = Specs.command(this, "inspect", "A network and its leases.");
            spec.addPositional(Specs.parameter(0, "NAME"));
            spec.addOption(Specs.flag("machine-readable output", "--json"));
            return spec;
        }

        @Override
        public int run(ParseResult parsed) throws Exception {
            boolean json = parsed.matchedOptionValue("--json", false);
            NetworkStore.NetworkInfo info = store().inspect(parsed.matchedPositionalValue(0, null));
            Map<String, Object> m = describe(info.config());
            Map<String, Object> leases = new LinkedHashMap<>();
            info.leases().byAddress().forEach((ip, sandbox) -> leases.put(ip.toString(), sandbox));
            m.put("leases", leases);
            System.out.print(json ? Json.write(m) : m.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .reduce("", (a, b) -> a + b + "\n"));
            return 0;
        }
    }

    static final class Delete implements Subcommand {
        @Override
        public CommandSpec spec() {
            CommandSpec spec = Specs.command(this, "delete", "Delete a network no sandbox uses.");
            spec.addPositional(Specs.parameter(0, "NAME"));
            return spec;
        }

        @Override
        public int run(ParseResult parsed) throws Exception {
            String name = parsed.matchedPositionalValue(0, null);
            store().delete(name);
            System.out.println("deleted network " + name);
            return 0;
        }
    }
}
