package dev.cloister.plan;

import dev.cloister.cgroup.V2Driver;
import dev.cloister.cgroup.V2Hierarchy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A cgroup-v2 root as the kernel shows it, enough for planning (cgroup-v2.rst: cgroup.controllers). */
public final class FakeCgroup2 {
    private FakeCgroup2() {
    }

    public static V2Driver driver(Path dir) throws IOException {
        Files.writeString(dir.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(dir.resolve("cgroup.subtree_control"), "\n");
        return new V2Driver(new V2Hierarchy(dir, "/"));
    }
}
