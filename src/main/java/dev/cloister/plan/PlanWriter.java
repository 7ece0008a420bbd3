package dev.cloister.plan;

import dev.cloister.op.GlobalOp;
import dev.cloister.op.InitOp;
import dev.cloister.op.Op;
import dev.cloister.op.PlanText;
import dev.cloister.security.LandlockRules;
import dev.cloister.store.SandboxFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Turns a {@link SandboxPlan} into the helper's ops, in the order the plan file lists them (docs/plan-format.md). */
public final class PlanWriter {
    /** How long start waits for systemd inside to report READY=1: written out, so the plan says it, not the helper. */
    static final int NOTIFY_TIMEOUT_SECONDS = 90;
    /** How long stop waits after the stop signal before SIGKILL when {@code stop} is given no timeout: the plan says it, not the helper. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private PlanWriter() {
    }

    /** The plan file: a header, then every op below its reason. */
    public static String render(SandboxPlan plan, SandboxFiles files) {
        return "cloister-plan 1\n# Compiled by cloister from " + files.config()
                + ". Do not edit: run `cloister upgrade " + plan.name() + "` after changing the config.\n"
                + PlanText.write(ops(plan, files));
    }

    /** Every op of the plan, each with its reason: what the plan file holds and inspect lists. */
    public static List<Op> ops(SandboxPlan plan, SandboxFiles files) {
        List<Op> ops = new ArrayList<>(global(plan, files));
        ops.addAll(plan.cgroups().ops());
        ops.addAll(plan.network());
        boolean hostnameDone = false;
        for (Op step : plan.steps()) {
            if (step instanceof InitOp && !hostnameDone) {
                ops.add(new InitOp.Hostname(plan.hostname(), "the sandbox's own host name (its UTS namespace)"));
                hostnameDone = true;
            }
            ops.add(step);
        }
        ops.addAll(confinement(plan, files));
        ops.addAll(command(plan));
        return ops;
    }

    private static List<Op> global(SandboxPlan plan, SandboxFiles files) {
        int nested = plan.kernel().nestedUserNamespaces().getAsInt();
        List<Op> ops = new ArrayList<>(List.of(
                new GlobalOp.Name(plan.name(), "the sandbox's name, in the helper's messages"),
                new GlobalOp.RunDir(files.runDir(),
                        "runtime state, the exec socket and the staging root while it runs"),
                new GlobalOp.ExitFile(files.exitRecord(), "how the sandbox last started and ended, for list and start"),
                new GlobalOp.LogFile(files.consoleLog(), plan.kernel().consoleLogBytes().getAsLong(),
                        "the console log is bounded: at this size it becomes console.log.1 (the older one goes)"),
                new GlobalOp.LockFile(files.lock(),
                        "the sandbox's lock: start's checks exclude cloister's other commands"),
                new GlobalOp.Namespaces(plan.namespaces(), "every namespace of its own; in its user namespace root "
                        + "inside is unprivileged on the host"),
                new GlobalOp.Userns(0, plan.uidBase(), plan.uidCount(), "root inside is host uid " + plan.uidBase()
                        + ", the sandbox's own range of " + plan.uidCount() + " ids"),
                new GlobalOp.UsernsParent(nested, "the sandbox's user namespace is owned by its own host uid (the "
                        + "kernel charges that uid, not host root, for what the sandbox uses), below a namespace whose "
                        + "limits root inside cannot raise: " + nested + " nested user namespaces"),
                new GlobalOp.StopSignal(plan.stopSignal(), plan.notifyReady()
                        ? "stop asks systemd inside to halt (SIGRTMIN+3), its orderly shutdown"
                        : "stop sends the command SIGTERM"),
                new GlobalOp.StopTimeout(STOP_TIMEOUT.toMillis(), "a PID 1 that has not stopped this long after its stop "
                        + "signal gets SIGKILL (stop --timeout overrides it; a failed ready check stops the same way)")));
        if (plan.limits().storageBytes().isPresent()) {
            ops.add(new GlobalOp.TreeImage(files.treeImage(), files.tree(),
                    "the storage limit: the tree lives in an image of that size, mounted at every start"));
        }
        if (plan.notifyReady()) {
            ops.add(new GlobalOp.NotifySocket(notifySocket(files),
                    "systemd inside reports READY=1 here; start returns once it has"));
            ops.add(new GlobalOp.NotifyTimeout(NOTIFY_TIMEOUT_SECONDS,
                    "a start whose systemd reports no READY=1 in this time fails, and the sandbox is stopped"));
        }
        if (!plan.readyCheck().isEmpty()) {
            ops.add(new GlobalOp.ReadyCheck(plan.readyCheck(),
                    "start fails, naming the unit and its last log lines, when a requested unit did not come up"));
        }
        plan.selinux().ifPresent(labels -> ops.add(new GlobalOp.SelinuxLevel(labels.level(), "the host enforces "
                + "SELinux: the pipes, sockets and ptys the helper makes for the sandbox are at its level, the only "
                + "ones its processes may use")));
        return ops;
    }

    /**
     * Capabilities, no-new-privs, Landlock, the SELinux label and seccomp: what PID 1 keeps of root's power, in the
     * order the helper applies them (it checks the order): the bounding set while CAP_SETPCAP is still there,
     * no-new-privs before Landlock and seccomp (they need it once CAP_SYS_ADMIN is gone), the label before the filter,
     * and the filter last, so that it stands between PID 1 and nothing but its exec.
     */
    private static List<Op> confinement(SandboxPlan plan, SandboxFiles files) {
        long caps = plan.capabilities().mask();
        List<Op> ops = new ArrayList<>(List.of(
                new InitOp.CapBound(caps, "root inside can never regain a capability outside these: "
                        + String.join(" ", plan.capabilities().names())),
                new InitOp.Caps(caps,
                        "root inside starts with exactly these capabilities, in its own user namespace only")));
        if (plan.noNewPrivileges()) {
            ops.add(new InitOp.NoNewPrivs("no exec gains privileges (setuid, file capabilities); Landlock needs it "
                    + "without CAP_SYS_ADMIN"));
        }
        LandlockRules landlock = plan.landlock();
        if (landlock.handlesFilesystem()) {
            ops.add(new InitOp.LandlockFs(landlock.handledFs(),
                    "Landlock: these filesystem rights are denied except beneath the paths below"));
            landlock.paths().forEach(rule -> ops.add(
                    new InitOp.LandlockPath(rule.path(), rule.access(), rule.reason())));
        }
        if (landlock.scopes() != 0) {
            ops.add(new InitOp.LandlockScope(landlock.scopes(), "Landlock: signals and abstract unix sockets reach "
                    + "nothing outside the sandbox"));
        }
        plan.selinux().ifPresent(labels -> ops.add(new InitOp.SelinuxExec(labels.processLabel(),
                "the host enforces SELinux: the sandbox runs under its own label at its own level")));
        ops.add(new InitOp.SeccompLoad(files.seccomp(), "the seccomp filter compiled at create (inspect shows its "
                + "rules), loaded last before exec"));
        return ops;
    }

    private static List<Op> command(SandboxPlan plan) {
        List<Op> ops = new ArrayList<>();
        plan.process().env().forEach(e -> ops.add(new InitOp.Env(e, ProcessSpec.why(e))));
        ops.add(new InitOp.Cwd(plan.process().cwd(), "the command's working directory"));
        ops.add(new InitOp.Exec(plan.process().argv(), plan.service().isPresent()
                ? "systemd as PID 1 boots the sandbox's units" : "the sandbox's command, as PID 1"));
        return ops;
    }

    /** The host end of systemd's readiness socket, in the sandbox's runtime directory. */
    public static Path notifySocket(SandboxFiles files) {
        return files.runDir().resolve("notify");
    }
}
