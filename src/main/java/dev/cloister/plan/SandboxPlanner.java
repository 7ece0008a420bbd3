package dev.cloister.plan;

import dev.cloister.cgroup.CgroupDriver;
import dev.cloister.cgroup.CgroupRequest;
import dev.cloister.systemd.HostUnit;
import dev.cloister.cgroup.Delegation;
import dev.cloister.net.NetworkPlan;
import dev.cloister.op.InitOp;
import dev.cloister.op.InitOp.Console;
import dev.cloister.op.InitOp.Pivot;
import dev.cloister.op.MountOp;
import dev.cloister.op.MountOp.RootReadonly;
import dev.cloister.op.Op;
import dev.cloister.security.CapabilitySet;
import dev.cloister.security.LandlockRules;
import dev.cloister.security.seccomp.SeccompPolicy;
import dev.cloister.security.selinux.SelinuxLabels;
import dev.cloister.service.ServiceLayout;
import dev.cloister.spec.KernelAccess;
import dev.cloister.spec.MountRequest;
import dev.cloister.spec.Quantities;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.SandboxFiles;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a sandbox's config into its start plan. Everything it reads of the host comes in
 * through its collaborators (layout, cgroup driver, service layouts), so tests plan without root.
 */
public final class SandboxPlanner {

    /** Every sandbox gets every namespace; the user namespace makes root inside unprivileged. */
    public static final List<String> NAMESPACES = List.of("user", "mnt", "pid", "uts", "ipc", "net", "cgroup");

    /** The writable paths of a generic sandbox, which its Landlock rules allow writing. */
    static final List<String> GENERIC_WRITABLE = List.of("/etc", "/var", "/root", "/home", "/tmp", "/run",
            "/dev/shm", "/dev/mqueue");

    static final String SYSTEMD = "/lib/systemd/systemd";
    private static final int SIGTERM = 15;
    /** SIGRTMIN+3: systemd's "halt" request, its orderly shutdown. */
    private static final int SIGRTMIN_PLUS_3 = 37;

    private final HostLayout layout;
    private final CgroupDriver cgroups;
    private final ServiceLayouts services;
    private final NetworkLayouts networks;
    private final SelinuxLabelling selinux;

    public SandboxPlanner(HostLayout layout, CgroupDriver cgroups, ServiceLayouts services, NetworkLayouts networks,
                          SelinuxLabelling selinux) {
        this.layout = layout;
        this.cgroups = cgroups;
        this.services = services;
        this.networks = networks;
        this.selinux = selinux;
    }

    public SandboxPlan plan(SandboxConfig config, SandboxFiles files) {
        Optional<ServiceLayout> service = config.isService() ? Optional.of(services.layout(config)) : Optional.empty();
        long base = config.uidBase();
        KernelAccess kernel = config.kernel().resolved(service.isPresent());
        Optional<SelinuxLabels> labels = selinux.labels(config);
        List<Op> steps = new ArrayList<>(RootfsPlanner.hostSteps(files.tree(), base, layout));
        service.ifPresent(s -> steps.addAll(ServiceSteps.hostSteps(s, files.tree(), PlanWriter.notifySocket(files), base)));
        steps.addAll(extraMounts(config));
        steps.add(new RootReadonly("nothing can be created in / inside; its mounts keep their own flags"));
        steps.addAll(RootfsPlanner.initSteps(kernel.ptys().getAsInt()));
        if (service.isPresent()) {
            steps.addAll(ServiceSteps.initSteps());
        }
        steps.add(new Console("/dev/console", "the console pty the monitor logs"));
        steps.add(new Pivot("switch to the new root and detach the host's"));
        labels.ifPresent(l -> steps.replaceAll(step -> labelled(step, l)));
        Optional<Delegation> delegation = service.map(s -> new Delegation((int) base, (int) base));
        CgroupPlan cgroupLines = new CgroupPlan(cgroups.why(), cgroups.plan(new CgroupRequest(config.name(),
                HostUnit.fileName(config.name()), files.tree(), config.systemd().sliceOrDefault(), config.limits(),
                delegation)));
        NetworkPlan network = networks.plan(config);
        return service.isPresent()
                ? new SandboxPlan(config.name(), config.name(), NAMESPACES, base, SandboxConfig.UID_RANGE, steps,
                        cgroupLines, network.ops(), network.addresses(), config.limits(), CapabilitySet.SYSTEMD, false, LandlockRules.scopesOnly(),
                        SeccompPolicy.forSandbox(kernel.nftables()), systemd(config), SIGRTMIN_PLUS_3,
                        ServiceSteps.readyCheck(service.get().enabledUnits()), true, labels, service, kernel)
                : new SandboxPlan(config.name(), config.name(), NAMESPACES, base, SandboxConfig.UID_RANGE, steps,
                        cgroupLines, network.ops(), network.addresses(), config.limits(), CapabilitySet.GENERIC, true,
                        LandlockRules.forGeneric(GENERIC_WRITABLE), SeccompPolicy.forSandbox(kernel.nftables()),
                        new ProcessSpec(config.command(), List.of(ProcessSpec.PATH, "HOME=/root", "TERM=xterm",
                                "container=cloister"), "/"),
                        SIGTERM, List.of(), false, labels, Optional.empty(), kernel);
    }

    /** systemd as PID 1, told what systemd's container interface asks a container manager to tell it. */
    private static ProcessSpec systemd(SandboxConfig config) {
        String uuid = UUID.nameUUIDFromBytes((config.name() + ":" + config.uidBase()).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new ProcessSpec(List.of(SYSTEMD), List.of(ProcessSpec.PATH, "container=cloister",
                "container_uuid=" + uuid, "NOTIFY_SOCKET=" + ServiceSteps.NOTIFY_SOCKET, "TERM=vt220"), "/");
    }

    /** The administrator's -m mounts, after the base layout so they may sit inside it. */
    static List<MountOp> extraMounts(SandboxConfig config) {
        String owner = "uid=" + config.uidBase() + ",gid=" + config.uidBase();
        return config.mounts().stream().<MountOp>map(m -> switch (m) {
            case MountRequest.HostBind b -> new MountOp.Bind(b.source(), b.target(), List.of("rec", "idmap", "nodev"),
                    "-m host-bind: the host's " + b.source() + ", read-write");
            case MountRequest.Ram r -> new MountOp.Tmpfs(r.target(), "mode=0755,size=" + r.sizeBytes() + "," + owner,
                    List.of("nosuid", "nodev"), "-m ram: a " + Quantities.formatSize(r.sizeBytes()) + " tmpfs");
        }).toList();
    }

    /**
     * Under SELinux every tmpfs and the devpts carry the sandbox's file label (context=). Not
     * mqueue: the kernel refuses context= there in a user namespace; its queues are per IPC
     * namespace.
     */
    private static Op labelled(Op step, SelinuxLabels labels) {
        return switch (step) {
            case MountOp.RootTmpfs r -> new MountOp.RootTmpfs(r.options() + "," + labels.mountContextOption(), r.why());
            case MountOp.Tmpfs t -> new MountOp.Tmpfs(t.target(), t.options() + "," + labels.mountContextOption(),
                    t.flags(), t.why());
            case InitOp.Devpts d -> new InitOp.Devpts(d.target(), d.max(), labels.mountContextOption(), d.why());
            default -> step;
        };
    }

}
