package dev.cloister.cgroup;

import dev.cloister.spec.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Turns a sandbox's limits into cgroup plan ops, changes them live, and reads usage back. */
public sealed interface CgroupDriver permits V2Driver, V1Driver {

    /** The plan ops creating cgroup LEAF beneath the helper's own cgroup(s) with LIMITS applied. */
    default List<PlanLine> plan(String leaf, Limits limits) {
        return plan(leaf, limits, Optional.empty());
    }

    /** As {@link #plan(String, Limits)}, also handing the v2 cgroup to DELEGATION's ids (systemd inside). */
    List<PlanLine> plan(String leaf, Limits limits, Optional<Delegation> delegation);

    /** Applies the limits that LIMITS sets to a running sandbox (DIRS: the {@code cgroup} lines of its state). */
    void update(List<Path> dirs, Limits limits);

    /** Usage of a sandbox whose cgroup directories are DIRS. */
    CgroupStats stats(List<Path> dirs);

    /** The driver for this host's cgroup layout. */
    static CgroupDriver forHost() {
        return forLayout(CgroupLayout.ofHost());
    }

    static CgroupDriver forLayout(CgroupLayout layout) {
        return switch (layout) {
            case CgroupLayout.Unified u -> new V2Driver(u.hierarchy());
            case CgroupLayout.Hybrid h -> new V1Driver(h);
        };
    }
}
