package dev.cloister.cli;

import dev.cloister.cgroup.CgroupStats;
import dev.cloister.json.Json;
import dev.cloister.runtime.Context;
import dev.cloister.store.SandboxStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "stats", mixinStandardHelpOptions = true, description = "CPU, memory, pids and I/O of a running sandbox.")
final class StatsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
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
