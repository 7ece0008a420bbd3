package dev.cloister.cgroup;

import dev.cloister.op.CgroupOp;
import dev.cloister.spec.Limits;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Cgroups on a host whose PID 1 is systemd, on cgroup v2, by systemd's delegation rules
 * (docs/CGROUP_DELEGATION.md: one writer per subtree). A running sandbox lives in a delegated
 * unit of its own: the transient scope {@code cloister-NAME.scope} in its slice (machine.slice), or its
 * host unit when that is what runs it. The monitor keeps to the unit's {@code supervisor}
 * child, the sandbox gets {@code payload} beside it (cgroup v2 lets only a cgroup without
 * processes hand controllers down), and its limits are set there, as the v2 driver sets them.
 * PID 1 is registered with systemd-machined where it runs, as nspawn's containers are.
 */
public record SystemdDriver(V2Hierarchy hierarchy, SystemdHost host) implements CgroupDriver {
    static final String SUPERVISOR = "supervisor";
    static final String PAYLOAD = "payload";
    /** machined's rule for machine names: a host name (letters, digits, '-', dots between labels), at most 64 bytes. */
    private static final Pattern MACHINE_NAME = Pattern.compile("(?=.{1,64}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
            + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*");

    @Override
    public List<CgroupOp> plan(CgroupRequest request) {
        List<CgroupOp> lines = new ArrayList<>();
        lines.add(new CgroupOp.SystemdUnit(request.leaf() + ".scope", request.slice(), request.hostUnit(), SUPERVISOR,
                "Cloister sandbox " + request.sandbox(), "cgroup driver " + why()));
        lines.addAll(payloadDriver().plan(PAYLOAD, request.limits(), request.delegation()));
        if (host.machined() && MACHINE_NAME.matcher(request.sandbox()).matches()) {
            lines.add(new CgroupOp.Machine(request.sandbox(), "container", request.tree(),
                    "registered with systemd-machined: machinectl lists the sandbox"));
        }
        return List.copyOf(lines);
    }

    @Override
    public String why() {
        return "systemd: the host's PID 1 is systemd and " + hierarchy.mountpoint() + " is cgroup v2, so the sandbox "
                + "runs in a delegated unit of its own (a scope in its slice, or its host unit)"
                + (host.machined() ? ", registered with systemd-machined" : "; systemd-machined is not installed "
                + "(Debian: systemd-container), so machinectl does not list it");
    }

    @Override
    public void update(List<Path> dirs, Limits limits) {
        payloadDriver().update(dirs, limits);
    }

    @Override
    public CgroupStats stats(List<Path> dirs) {
        return payloadDriver().stats(dirs);
    }

    /**
     * The v2 driver, checking controllers against the hierarchy's root: a delegated unit gets
     * every controller systemd manages, whatever this process's own cgroup offers.
     */
    private V2Driver payloadDriver() {
        return new V2Driver(new V2Hierarchy(hierarchy.mountpoint(), "/"));
    }
}
