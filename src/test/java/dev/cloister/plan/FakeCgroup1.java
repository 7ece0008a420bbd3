package dev.cloister.plan;

import dev.cloister.cgroup.CgroupLayout;
import dev.cloister.cgroup.V1Driver;
import dev.cloister.cgroup.V1Hierarchy;
import dev.cloister.cgroup.V2Hierarchy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A hybrid host's cgroup hierarchies, enough for planning: v1 memory, cpu and pids with the control files the
 * matrix's limits need (cgroup-v1/*.rst), and the unified v2 hierarchy systemd inside is delegated.
 */
final class FakeCgroup1 {
    private FakeCgroup1() {
    }

    static V1Driver driver(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("memory"));
        Files.writeString(dir.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        Files.createDirectories(dir.resolve("cpu"));
        Files.writeString(dir.resolve("cpu/cpu.cfs_period_us"), "100000\n");
        Files.writeString(dir.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
        Files.createDirectories(dir.resolve("pids")); // pids.max: the kernel hides it on the root cgroup only
        Files.createDirectories(dir.resolve("unified"));
        Files.writeString(dir.resolve("unified/cgroup.controllers"), "\n"); // hybrid: no controller on v2
        return new V1Driver(new CgroupLayout.Hybrid(List.of(
                new V1Hierarchy(dir.resolve("memory"), "memory", "/"),
                new V1Hierarchy(dir.resolve("cpu"), "cpu", "/"),
                new V1Hierarchy(dir.resolve("pids"), "pids", "/")),
                Optional.of(new V2Hierarchy(dir.resolve("unified"), "/"))));
    }
}
