package dev.cloister.cli;

import dev.cloister.cgroup.CgroupStats;
import dev.cloister.json.Json;
import dev.cloister.runtime.Context;
import dev.cloister.store.SandboxStatus;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

final class StatsCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "stats", "CPU, memory, pids and I/O of a running sandbox.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.flag("machine-readable output", "--json"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        boolean json = parsed.matchedOptionValue("--json", false);
        Context context = Context.forHost();
        context.store().load(name);
        if (!(context.store().status(name) instanceof SandboxStatus.Running running)) {
            throw new IllegalStateException("sandbox '" + name + "' is not running: stats exist only while it runs");
        }
        CgroupStats s = context.cgroups().stats(running.state().cgroups());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        put(m, "cpu_usage_ns", s.cpuUsageNanos());
        put(m, "memory_bytes", s.memoryCurrentBytes());
        put(m, "memory_peak_bytes", s.memoryPeakBytes());
        put(m, "memory_limit_bytes", s.memoryLimitBytes());
        put(m, "oom_kills", s.oomKills());
        put(m, "pids", s.pidsCurrent());
        put(m, "pids_limit", s.pidsLimit());
        put(m, "io_read_bytes", s.ioReadBytes());
        put(m, "io_write_bytes", s.ioWriteBytes());
        if (json) {
            System.out.print(Json.write(m));
        } else {
            TextTable table = new TextTable(20);
            m.forEach((k, v) -> table.row(k, v == null ? "-" : v));
            table.print();
        }
        return 0;
    }

    private static void put(Map<String, Object> m, String key, OptionalLong value) {
        m.put(key, value.isPresent() ? value.getAsLong() : null);
    }
}
