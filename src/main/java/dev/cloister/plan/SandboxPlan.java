package dev.cloister.plan;

import dev.cloister.op.NetOp;
import dev.cloister.op.Op;
import dev.cloister.security.CapabilitySet;
import dev.cloister.security.LandlockRules;
import dev.cloister.security.seccomp.SeccompPolicy;
import dev.cloister.spec.Limits;

import java.util.List;

/**
 * Everything that happens when a sandbox starts, as data: printed by {@code inspect},
 * compiled for the helper by {@link PlanWriter}, asserted by unit tests without root.
 *
 * @param namespaces  namespaces PID 1 gets (helper names: user, mnt, pid, uts, ipc, net, cgroup)
 * @param uidBase     host uid/gid that root inside maps to; {@code uidCount} ids from there
 * @param steps       mount and init ops in the order the helper runs them
 * @param cgroups     cgroup ops for the helper, from the host's cgroup driver
 * @param stopSignal  what PID 1 gets when the sandbox is stopped
 * @param readyCheck  run inside once started; a failure stops the sandbox and fails start (empty: none)
 * @param notifyReady PID 1 is systemd: start waits for its READY=1 on the notify socket
 * @param network     network ops for the helper (bridge, veth, addresses, routes, nftables)
 * @param addresses   the sandbox's addresses, IP/PREFIX
 * @param selinux     the process and file labels, on a host where SELinux is enabled
 * @param service     the service planner's layout (private and shared paths and why), for service sandboxes
 */
public record SandboxPlan(
        String name,
        String hostname,
        List<String> namespaces,
        long uidBase,
        long uidCount,
        List<Op> steps,
        CgroupPlan cgroups,
        List<NetOp> network,
        List<String> addresses,
        Limits limits,
        CapabilitySet capabilities,
        boolean noNewPrivileges,
        LandlockRules landlock,
        SeccompPolicy seccomp,
        ProcessSpec process,
        int stopSignal,
        List<String> readyCheck,
        boolean notifyReady,
        java.util.Optional<dev.cloister.security.selinux.SelinuxLabels> selinux,
        java.util.Optional<dev.cloister.service.ServiceLayout> service,
        dev.cloister.spec.KernelAccess kernel) {

    public SandboxPlan {
        namespaces = List.copyOf(namespaces);
        steps = List.copyOf(steps);
        network = List.copyOf(network);
        addresses = List.copyOf(addresses);
        readyCheck = List.copyOf(readyCheck);
    }
}
