package dev.cloister.plan;

import dev.cloister.cgroup.CgroupDriver;
import dev.cloister.plan.PlanStep.Console;
import dev.cloister.plan.PlanStep.Pivot;
import dev.cloister.plan.PlanStep.RootReadOnly;
import dev.cloister.security.CapabilitySet;
import dev.cloister.security.LandlockRules;
import dev.cloister.security.seccomp.SeccompPolicy;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.SandboxFiles;

import java.util.ArrayList;
import java.util.List;

/** Turns a sandbox's config into its start plan. Pure: reads nothing but its arguments. */
public final class SandboxPlanner {

    /** Every sandbox gets every namespace; the user namespace makes root inside unprivileged. */
    public static final List<String> NAMESPACES = List.of("user", "mnt", "pid", "uts", "ipc", "net", "cgroup");

    /** The writable paths of a generic sandbox, which its Landlock rules allow writing. */
    static final List<String> GENERIC_WRITABLE = List.of("/etc", "/var", "/root", "/home", "/tmp", "/run",
            "/dev/shm", "/dev/mqueue");

    private static final int SIGTERM = 15;

    private final HostLayout layout;
    private final CgroupDriver cgroups;

    public SandboxPlanner(HostLayout layout, CgroupDriver cgroups) {
        this.layout = layout;
        this.cgroups = cgroups;
    }

    public SandboxPlan plan(SandboxConfig config, SandboxFiles files) {
        if (config.isService()) {
            throw new UnsupportedOperationException("service sandboxes are planned by the service planner");
        }
        List<PlanStep> steps = new ArrayList<>(RootfsPlanner.hostSteps(files.tree(), config.uidBase(), layout));
        steps.add(new RootReadOnly("nothing can be created in / inside; its mounts keep their own flags"));
        steps.addAll(RootfsPlanner.initSteps());
        steps.add(new Console("/dev/console", "the console pty the monitor logs"));
        steps.add(new Pivot("switch to the new root and detach the host's"));
        List<String> cgroupLines = cgroups.plan(cgroupLeaf(config.name()), config.limits()).stream()
                .map(line -> line.render()).toList();
        ProcessSpec process = new ProcessSpec(config.command(),
                List.of(ProcessSpec.PATH, "HOME=/root", "TERM=xterm", "container=cloister"), "/");
        return new SandboxPlan(config.name(), config.name(), NAMESPACES, config.uidBase(), SandboxConfig.UID_RANGE,
                steps, cgroupLines, config.limits(), CapabilitySet.GENERIC, true,
                LandlockRules.forGeneric(GENERIC_WRITABLE), SeccompPolicy.standard(), process, SIGTERM);
    }

    public static String cgroupLeaf(String name) {
        return "cloister-" + name;
    }
}
