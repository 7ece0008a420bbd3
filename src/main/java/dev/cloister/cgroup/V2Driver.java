package dev.cloister.cgroup;

import dev.cloister.op.CgroupOp;
import dev.cloister.spec.Limits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Cgroup v2 (Documentation/admin-guide/cgroup-v2.rst). A memory limit sets memory.max only:
 * like systemd's MemoryMax=, swap stays governed by the host (Limits has no swap limit).
 */
public record V2Driver(V2Hierarchy hierarchy) implements CgroupDriver {
    private static final List<String> CONTROLLER_ORDER = List.of("memory", "cpu", "pids", "io");
    /**
     * Enabled whenever the parent offers them, so stats work without limits. cpu is not: its
     * usage is in cpu.stat of every cgroup, and the cpu controller costs scheduling overhead.
     */
    private static final Set<String> FOR_STATS = Set.of("memory", "pids", "io");

    @Override
    public List<CgroupOp> plan(CgroupRequest request) {
        return plan(request.leaf(), request.limits(), request.delegation());
    }

    /** The plan ops creating cgroup LEAF beneath the helper's own cgroup(s) with LIMITS applied. */
    public List<CgroupOp> plan(String leaf, Limits limits) {
        return plan(leaf, limits, Optional.empty());
    }

    /** As {@link #plan(String, Limits)}, also handing the v2 cgroup to DELEGATION's ids (systemd inside). */
    public List<CgroupOp> plan(String leaf, Limits limits, Optional<Delegation> delegation) {
        List<Setting> settings = settings(limits);
        Set<String> required = new LinkedHashSet<>();
        settings.forEach(s -> required.add(s.controller()));
        Path parent = hierarchy.ownDir();
        List<String> available = controllersOf(parent);
        for (String c : required) {
            if (!available.contains(c)) {
                throw new CgroupException("the sandbox's limits need the cgroup-v2 '" + c + "' controller, but "
                        + parent.resolve("cgroup.controllers") + " offers only '" + String.join(" ", available)
                        + "': enable it in the cgroup.subtree_control of the parent (for a systemd service: "
                        + "Delegate=yes), or remove the limits that need it");
            }
        }
        List<String> enable = CONTROLLER_ORDER.stream()
                .filter(c -> required.contains(c) || FOR_STATS.contains(c) && available.contains(c))
                .toList();
        Path mount = hierarchy.mountpoint();
        List<CgroupOp> lines = new ArrayList<>();
        lines.add(new CgroupOp.Cgroup2(mount, leaf, "the sandbox's cgroup " + leaf + " in the v2 hierarchy"));
        if (!enable.isEmpty()) {
            lines.add(new CgroupOp.CgroupEnable(mount, enable, "controllers for the sandbox's limits and stats, "
                    + "switched on in its parent"));
        }
        settings.forEach(s -> lines.add(new CgroupOp.CgroupSet(mount, s.files().getFirst(), s.value(), "limit " + s.limit())));
        delegation.ifPresent(d -> {
            lines.add(new CgroupOp.CgroupOwner(mount, d.uid(), d.gid(), Delegation.WHY));
            lines.add(new CgroupOp.CgroupExecute(mount, Delegation.EXECUTE_LEAF, Delegation.EXECUTE_WHY));
        });
        return List.copyOf(lines);
    }

    @Override
    public String why() {
        return "cgroupfs v2: " + hierarchy.mountpoint() + " is cgroup v2 and the host's PID 1 is not systemd, so the "
                + "sandbox's cgroup is made beneath this process's own, " + hierarchy.ownDir();
    }

    @Override
    public void update(List<Path> dirs, Limits limits) {
        ControlFiles.apply(dirs, settings(limits), c -> "the sandbox was started without the '" + c
                + "' controller (controllers are enabled at start for the limits set then): restart it to apply");
    }

    @Override
    public CgroupStats stats(List<Path> dirs) {
        StatReader r = new StatReader(dirs);
        return new CgroupStats(
                times1000(r.keyed("cpu.stat", "usage_usec")),
                r.number("memory.current"),
                r.number("memory.peak"),
                r.number("memory.max"),
                r.keyed("memory.events", "oom_kill"),
                r.number("pids.current"),
                r.number("pids.max"),
                r.sumNested("io.stat", "rbytes"),
                r.sumNested("io.stat", "wbytes"));
    }

    static List<Setting> settings(Limits limits) {
        List<Setting> s = new ArrayList<>();
        limits.memoryBytes().ifPresent(m -> s.add(new Setting("memory", "memory", "memory.max", Long.toString(m))));
        limits.cpuMillis().ifPresent(c -> s.add(new Setting("cpus", "cpu", "cpu.max",
                Weights.cpuQuotaMicros(c) + " " + Weights.CPU_PERIOD_MICROS)));
        limits.cpuWeight().ifPresent(w -> s.add(new Setting("cpu-weight", "cpu", "cpu.weight", Integer.toString(w))));
        limits.pidsLimit().ifPresent(p -> s.add(new Setting("pids-limit", "pids", "pids.max", Long.toString(p))));
        limits.ioWeight().ifPresent(w -> s.add(new Setting("io-weight", "io", "io.weight", "default " + w)));
        return s;
    }

    private static List<String> controllersOf(Path dir) {
        Path file = dir.resolve("cgroup.controllers");
        try {
            return List.of(Files.readString(file).strip().split("\\s+")).stream().filter(c -> !c.isEmpty()).toList();
        } catch (IOException e) {
            throw new CgroupException("cannot read " + file + " (" + e.getMessage()
                    + "): is " + dir + " a cgroup-v2 directory?", e);
        }
    }

    private static OptionalLong times1000(OptionalLong micros) {
        return micros.isPresent() ? OptionalLong.of(micros.getAsLong() * 1000) : micros;
    }
}
