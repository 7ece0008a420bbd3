package dev.cloister.plan;

import dev.cloister.store.SandboxFiles;

import java.time.Duration;
import java.util.List;

/** Compiles a {@link SandboxPlan} into the helper's text format (docs/plan-format.md). */
public final class PlanWriter {
    /** How long start waits for systemd inside to report READY=1: written out, so the plan says it, not the helper. */
    static final int NOTIFY_TIMEOUT_SECONDS = 90;
    /** How long stop waits after the stop signal before SIGKILL when {@code stop} is given no timeout: the plan says it, not the helper. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private PlanWriter() {
    }

    public static String render(SandboxPlan plan, SandboxFiles files) {
        StringBuilder out = new StringBuilder(8192);
        out.append("cloister-plan 1\n");
        out.append("# Compiled by cloister from ").append(files.config()).append(". Do not edit: run `cloister upgrade ")
                .append(plan.name()).append("` after changing the config.\n");
        op(out, "name", plan.name());
        op(out, "run-dir", files.runDir().toString());
        op(out, "exit-file", files.exitRecord().toString());
        out.append("# why: the console log is bounded: at this size it becomes console.log.1 (the older one goes)\n");
        op(out, "log-file", files.consoleLog().toString(), Long.toString(plan.kernel().consoleLogBytes().getAsLong()));
        op(out, "lock-file", files.lock().toString());
        op(out, "namespaces", String.join(",", plan.namespaces()));
        op(out, "userns", "0", Long.toString(plan.uidBase()), Long.toString(plan.uidCount()));
        out.append("# why: the sandbox's user namespace is owned by its own host uid (the kernel charges that uid, not host"
                + " root, for what the sandbox uses), below a namespace whose limits root inside cannot raise: "
                + plan.kernel().nestedUserNamespaces().getAsInt() + " nested user namespaces\n");
        op(out, "userns-parent", "max_user_namespaces=" + (1 + plan.kernel().nestedUserNamespaces().getAsInt()));
        op(out, "stop-signal", Integer.toString(plan.stopSignal()));
        out.append("# why: a PID 1 that has not stopped this long after its stop signal gets SIGKILL (stop --timeout"
                + " overrides it; a failed ready check stops the same way)\n");
        op(out, "stop-timeout", Long.toString(STOP_TIMEOUT.toMillis()));
        op(out, "seccomp", files.seccomp().toString());
        if (plan.limits().storageBytes().isPresent()) {
            out.append("# why: the storage limit: the tree lives in an image of that size, mounted at every start\n");
            op(out, "tree-image", files.treeImage().toString(), files.tree().toString());
        }
        if (plan.notifyReady()) {
            op(out, "notify-socket", notifySocket(files).toString());
            out.append("# why: a start whose systemd reports no READY=1 in this time fails, and the sandbox is stopped\n");
            op(out, "notify-timeout", Integer.toString(NOTIFY_TIMEOUT_SECONDS));
        }
        if (!plan.readyCheck().isEmpty()) {
            out.append("# why: start fails, naming the unit and its last log lines, when a requested unit did not come up\n");
            out.append(PlanText.line("ready-check", plan.readyCheck())).append('\n');
        }
        plan.selinux().ifPresent(labels -> {
            out.append("# why: the host enforces SELinux: the pipes, sockets and ptys the helper makes for the sandbox are at"
                    + " its level, the only ones its processes may use\n");
            op(out, "selinux-level", labels.level());
        });
        out.append("# why: cgroup driver ").append(plan.cgroups().driverWhy()).append('\n');
        for (String line : plan.cgroups().lines()) {
            out.append(line).append('\n');
        }
        for (String line : plan.networkLines()) {
            out.append(line).append('\n');
        }
        boolean hostnameDone = false;
        for (PlanStep step : plan.steps()) {
            if (step.phase() == PlanStep.Phase.INIT && !hostnameDone) {
                op(out, "hostname", plan.hostname());
                hostnameDone = true;
            }
            out.append("# why: ").append(step.reason().replace('\n', ' ')).append('\n');
            out.append(PlanText.line(step.op(), step.args())).append('\n');
        }
        op(out, "cap-bound", hex(plan.capabilities().mask()));
        op(out, "caps", hex(plan.capabilities().mask()));
        if (plan.noNewPrivileges()) {
            op(out, "no-new-privs");
        }
        if (plan.landlock().handlesFilesystem()) {
            op(out, "landlock-fs", hex(plan.landlock().handledFs()));
            plan.landlock().paths().forEach(rule -> op(out, "landlock-path", rule.path(), hex(rule.access())));
        }
        if (plan.landlock().scopes() != 0) {
            op(out, "landlock-scope", hex(plan.landlock().scopes()));
        }
        plan.selinux().ifPresent(labels -> {
            out.append("# why: the host enforces SELinux: the sandbox runs under its own label at its own level\n");
            op(out, "selinux-exec", labels.processLabel());
        });
        plan.process().env().forEach(e -> op(out, "env", e));
        op(out, "cwd", plan.process().cwd());
        out.append(PlanText.line("exec", plan.process().argv())).append('\n');
        return out.toString();
    }

    /** The host end of systemd's readiness socket, in the sandbox's runtime directory. */
    public static java.nio.file.Path notifySocket(SandboxFiles files) {
        return files.runDir().resolve("notify");
    }

    private static void op(StringBuilder out, String op, String... args) {
        out.append(PlanText.line(op, List.of(args))).append('\n');
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
