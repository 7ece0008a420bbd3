package dev.cloister.cli;

import dev.cloister.json.Json;
import dev.cloister.net.Cidr;
import dev.cloister.net.NetworkConfig;
import dev.cloister.net.NetworkStore;
import dev.cloister.store.CloisterPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "network", mixinStandardHelpOptions = true,
        description = "Named networks: each its own bridge and address pool. Sandboxes on one network reach each other.",
        subcommands = {NetworkCommand.Create.class, NetworkCommand.ListNetworks.class, NetworkCommand.Inspect.class,
                NetworkCommand.Delete.class})
final class NetworkCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
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
        return m;
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a network (bridge made on first use).")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--subnet", paramLabel = "CIDR", description = "e.g. 10.214.0.0/24 (default: a free private range)")
        String subnet;

        @Option(names = "--nat", description = "masquerade the subnet's outbound traffic behind the host's address "
                + "(sets net.ipv4.ip_forward=1 when a sandbox on it starts; default: no NAT)")
        boolean nat;

        @Override
        public Integer call() throws Exception {
            NetworkConfig c = store().create(name, Optional.ofNullable(subnet).map(Cidr::parse), nat);
            System.out.println("created network " + c.name() + " (" + c.subnet() + ", bridge " + c.bridge()
                    + (c.nat() ? ", NAT" : "") + ")");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every network.")
    static final class ListNetworks implements Callable<Integer> {
        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (NetworkConfig c : store().list()) {
                rows.add(describe(c));
            }
            if (json) {
                System.out.print(Json.write(rows));
            } else {
                TextTable table = new TextTable(16, 16, 18, 16).row("NAME", "BRIDGE", "SUBNET", "GATEWAY", "NAT");
                rows.forEach(r -> table.row(r.get("name"), r.get("bridge"), r.get("subnet"), r.get("gateway"),
                        Boolean.TRUE.equals(r.get("nat")) ? "yes" : "no"));
                table.print();
            }
            return 0;
        }
    }

    @Command(name = "inspect", mixinStandardHelpOptions = true, description = "A network and its leases.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        public Integer call() throws Exception {
            NetworkStore.NetworkInfo info = store().inspect(name);
            Map<String, Object> m = describe(info.config());
            Map<String, Object> leases = new LinkedHashMap<>();
            info.leases().byAddress().forEach((ip, sandbox) -> leases.put(ip.toString(), sandbox));
            m.put("leases", leases);
            System.out.print(json ? Json.write(m) : m.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .reduce("", (a, b) -> a + b + "\n"));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a network no sandbox uses.")
    static final class Delete implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            store().delete(name);
            System.out.println("deleted network " + name);
            return 0;
        }
    }
}
