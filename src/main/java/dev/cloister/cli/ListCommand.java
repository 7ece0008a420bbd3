package dev.cloister.cli;

import dev.cloister.json.Json;
import dev.cloister.net.NetworkPlan;
import dev.cloister.runtime.Reports;
import dev.cloister.runtime.SandboxNetworks;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.CloisterPaths;
import dev.cloister.store.SandboxStatus;
import dev.cloister.store.Store;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

final class ListCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "list", "Every sandbox with its state, PID 1, label and uid base.");
        spec.addOption(Specs.flag("machine-readable output", "--json"));
        spec.addOption(Specs.flag("only running sandboxes", "-r", "--running"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        boolean json = parsed.matchedOptionValue("--json", false);
        boolean running = parsed.matchedOptionValue("--running", false);
        Store store = new Store(CloisterPaths.fromEnvironment());
        Function<SandboxConfig, NetworkPlan> networks = new SandboxNetworks(store).planner();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : store.names()) {
            Map<String, Object> row = row(store, networks, name);
            if (running && !"running".equals(row.get("state"))) {
                continue;
            }
            rows.add(row);
        }
        if (json) {
            System.out.print(Json.write(rows));
            return 0;
        }
        TextTable table = new TextTable(20, 8, 10, 8, 14, 11, 18)
                .row("NAME", "KIND", "STATE", "PID", "LABEL", "UID-BASE", "ADDRESS", "EXIT");
        for (Map<String, Object> r : rows) {
            List<?> addresses = (List<?>) r.get("addresses");
            table.row(r.get("name"), dash(r.get("kind")), r.get("state"), dash(r.get("pid")), dash(r.get("label")),
                    dash(r.get("uid_base")),
                    addresses == null || addresses.isEmpty() ? "-" : String.join(",", addresses.stream().map(String::valueOf).toList()),
                    r.containsKey("problem") ? r.get("problem") : dash(r.get("exit")));
        }
        table.print();
        return 0;
    }

    /** One sandbox's row; what is wrong with its files makes it "broken" with FILE:LINE, never the whole listing. */
    private static Map<String, Object> row(Store store, Function<SandboxConfig, NetworkPlan> networks, String name) {
        SandboxStatus status;
        SandboxConfig config = null;
        List<String> addresses = List.of();
        try {
            status = store.status(name);
            if (!(status instanceof SandboxStatus.Incomplete || status instanceof SandboxStatus.Broken)) {
                config = store.load(name);
                addresses = networks.apply(config).addresses();
            }
        } catch (IOException | RuntimeException e) {
            status = new SandboxStatus.Broken(String.valueOf(e.getMessage()));
        }
        Map<String, Object> row = Reports.listRow(config, status, addresses);
        row.put("name", name);
        return row;
    }

    private static Object dash(Object o) {
        return o == null ? "-" : o;
    }
}
