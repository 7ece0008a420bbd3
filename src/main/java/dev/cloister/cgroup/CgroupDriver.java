package dev.cloister.cgroup;

import dev.cloister.op.CgroupOp;
import dev.cloister.spec.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Turns a sandbox's limits into cgroup plan ops, changes them live, and reads usage back. */
public sealed interface CgroupDriver permits V2Driver, V1Driver, SystemdDriver {

    /** The plan ops that give the sandbox its cgroups, with its limits applied. */
    List<CgroupOp> plan(CgroupRequest request);

    /** Which driver this is and why the host gets it, for {@code inspect}. */
    String why();

    /** Applies the limits that LIMITS sets to a running sandbox (DIRS: the {@code cgroup} lines of its state). */
    void update(List<Path> dirs, Limits limits);

    /** Usage of a sandbox whose cgroup directories are DIRS. */
    CgroupStats stats(List<Path> dirs);

    /** The driver for this host: systemd's when it is PID 1 on cgroup v2, else the layout's cgroupfs driver. */
    static CgroupDriver forHost() {
        return forHost(CgroupLayout.ofHost(), SystemdHost.probe(Path.of("/")));
    }

    static CgroupDriver forHost(CgroupLayout layout, Optional<SystemdHost> systemd) {
        return switch (layout) {
            case CgroupLayout.Unified u when systemd.isPresent() -> new SystemdDriver(u.hierarchy(), systemd.get());
            case CgroupLayout.Unified u -> new V2Driver(u.hierarchy());
            case CgroupLayout.Hybrid h -> new V1Driver(h);
        };
    }
}
