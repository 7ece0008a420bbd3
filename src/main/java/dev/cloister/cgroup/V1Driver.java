package dev.cloister.cgroup;

import dev.cloister.op.CgroupOp;
import dev.cloister.spec.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Cgroup v1 hierarchies (Documentation/admin-guide/cgroup-v1/), plus the hybrid layout's v2
 * hierarchy so that systemd inside finds a cgroup of its own there. A memory limit sets
 * memory.limit_in_bytes only, not memory.memsw.limit_in_bytes: swap is left to the host, as
 * the v2 driver leaves memory.swap.max (and memsw is missing when swap accounting is off).
 */
public record V1Driver(CgroupLayout.Hybrid layout) implements CgroupDriver {
    /** Joined whenever mounted: limits are set here, stats read here, and update() may need them later. */
    private static final List<String> JOINED = List.of("memory", "cpu", "cpuacct", "pids", "blkio");
    /** v1 reports "no limit" as LONG_MAX rounded down to a page; no real limit comes near half of it. */
    private static final long UNLIMITED = Long.MAX_VALUE / 2;

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
        // Keyed by mount point (one per hierarchy), not by the record: see SecurityLevel.hashCode.
        Map<Path, List<CgroupOp>> byHierarchy = new LinkedHashMap<>();
        for (String c : JOINED) {
            layout.withController(c).ifPresent(h -> byHierarchy.computeIfAbsent(h.mountpoint(),
                    k -> new ArrayList<>(List.of(new CgroupOp.Cgroup1(h.mountpoint(), h.key(), leaf,
                            "the sandbox's cgroup " + leaf + " in the v1 hierarchy " + h.key())))));
        }
        for (Setting s : settings(limits)) {
            V1Hierarchy h = layout.withController(s.controller()).orElseThrow(() -> new CgroupException(
                    "the sandbox's " + s.limit() + " needs the cgroup-v1 '" + s.controller() + "' controller, but no "
                            + "hierarchy of this process has it mounted (see /proc/self/mountinfo): mount it, or "
                            + "remove " + s.limit() + " from the sandbox's limits"));
            String file = s.files().stream().filter(f -> presentBeneath(h, f)).findFirst()
                    .orElseThrow(() -> new CgroupException("the sandbox's " + s.limit() + " needs "
                            + String.join(" or ", s.files()) + ", and this kernel offers none of them in "
                            + h.ownDir() + ": " + kernelHint(s.controller())));
            byHierarchy.get(h.mountpoint()).add(new CgroupOp.CgroupSet(h.mountpoint(), file, s.value(), "limit " + s.limit()));
        }
        List<CgroupOp> lines = new ArrayList<>();
        byHierarchy.values().forEach(lines::addAll);
        layout.unified().ifPresent(u -> lines.add(new CgroupOp.Cgroup2(u.mountpoint(), leaf, "the sandbox's cgroup " + leaf
                + " in the hybrid layout's v2 hierarchy, where systemd inside finds one of its own")));
        delegation.ifPresent(d -> {
            Path unified = layout.unified().orElseThrow(() -> new CgroupException("delegating the sandbox's cgroup "
                    + "needs a cgroup-v2 hierarchy, and this host mounts only cgroup v1: mount cgroup2 on "
                    + "/sys/fs/cgroup/unified, or do not delegate")).mountpoint();
            lines.add(new CgroupOp.CgroupOwner(unified, d.uid(), d.gid(), Delegation.WHY));
            lines.add(new CgroupOp.CgroupExecute(unified, Delegation.EXECUTE_LEAF, Delegation.EXECUTE_WHY));
        });
        return List.copyOf(lines);
    }

    @Override
    public String why() {
        return "cgroupfs v1: the host mounts its controllers on cgroup-v1 hierarchies, so the sandbox's cgroups are "
                + "made beneath this process's own in each of them";
    }

    @Override
    public void update(List<Path> dirs, Limits limits) {
        ControlFiles.apply(dirs, settings(limits), c -> "either the sandbox started before a '" + c
                + "' hierarchy was mounted (restart it), or " + kernelHint(c));
    }

    @Override
    public CgroupStats stats(List<Path> dirs) {
        StatReader r = new StatReader(dirs);
        // The _recursive variant also counts child cgroups; kernels before 4.x only have the plain one.
        String io = r.firstPresent("blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes");
        return new CgroupStats(
                r.number("cpuacct.usage"),
                r.number("memory.usage_in_bytes"),
                r.number("memory.max_usage_in_bytes"),
                limited(r.number("memory.limit_in_bytes")),
                r.keyed("memory.oom_control", "oom_kill"),
                r.number("pids.current"),
                r.number("pids.max"),
                r.sumBlkio(io, "Read"),
                r.sumBlkio(io, "Write"));
    }

    static List<Setting> settings(Limits limits) {
        List<Setting> s = new ArrayList<>();
        limits.memoryBytes().ifPresent(m -> s.add(new Setting("memory", "memory", "memory.limit_in_bytes",
                Long.toString(m))));
        limits.cpuMillis().ifPresent(c -> {
            // The period first: the kernel checks the quota against the period in force.
            s.add(new Setting("cpus", "cpu", "cpu.cfs_period_us", Long.toString(Weights.CPU_PERIOD_MICROS)));
            s.add(new Setting("cpus", "cpu", "cpu.cfs_quota_us", Long.toString(Weights.cpuQuotaMicros(c))));
        });
        limits.cpuWeight().ifPresent(w -> s.add(new Setting("cpu-weight", "cpu", "cpu.shares",
                Long.toString(Weights.cpuShares(w)))));
        limits.pidsLimit().ifPresent(p -> s.add(new Setting("pids-limit", "pids", "pids.max", Long.toString(p))));
        // CFQ (kernels before 5.0) offers blkio.weight, BFQ blkio.bfq.weight; both take 10..1000.
        limits.ioWeight().ifPresent(w -> s.add(new Setting("io-weight", "blkio",
                List.of("blkio.weight", "blkio.bfq.weight"), Long.toString(Weights.blkioWeight(w)))));
        return s;
    }

    /** Whether cgroups created beneath H's own cgroup will have FILE. */
    private static boolean presentBeneath(V1Hierarchy h, String file) {
        Path parent = h.ownDir();
        if (Files.isRegularFile(parent.resolve(file))) {
            return true;
        }
        // The kernel hides these on a hierarchy's root cgroup (CFTYPE_NOT_ON_ROOT) yet gives them to every child.
        return h.ownIsRoot() && switch (file) {
            case "pids.max" -> true;
            case "blkio.bfq.weight" -> Files.isRegularFile(parent.resolve("blkio.bfq.io_service_bytes"));
            default -> false;
        };
    }

    private static String kernelHint(String controller) {
        return controller.equals("blkio")
                ? "this kernel has no proportional I/O scheduler for cgroup v1 (load BFQ: modprobe bfq), "
                        + "or remove io-weight from the sandbox's limits"
                : "this kernel lacks that part of the '" + controller + "' controller: remove the limit";
    }

    private static OptionalLong limited(OptionalLong limit) {
        return limit.isPresent() && limit.getAsLong() >= UNLIMITED ? OptionalLong.empty() : limit;
    }
}
