package dev.cloister.runtime;

import dev.cloister.os.LandlockAbi;
import dev.cloister.op.InitOp;
import dev.cloister.op.MountOp;
import dev.cloister.op.Op;
import dev.cloister.op.PlanText;
import dev.cloister.plan.PlanWriter;
import dev.cloister.plan.SandboxPlan;
import dev.cloister.security.KernelDegradations;
import dev.cloister.security.LandlockRules;
import dev.cloister.service.ServiceLayout;
import dev.cloister.spec.Limits;
import dev.cloister.spec.Quantities;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What list and inspect show, as ordered maps: printed as JSON with --json, as text otherwise. */
public final class Reports {
    private Reports() {
    }

    public static Map<String, Object> listRow(SandboxConfig config, SandboxStatus status, List<String> addresses) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", config == null ? null : config.name());
        row.put("kind", config == null ? null : config.isService() ? "service" : "generic");
        row.put("state", status.word());
        row.put("pid", status instanceof SandboxStatus.Running r ? r.state().initPid() : null);
        row.put("label", config == null ? null : config.level().toString());
        row.put("uid_base", config == null ? null : config.uidBase());
        row.put("addresses", addresses);
        row.put("exit", status instanceof SandboxStatus.Stopped s ? s.exit().describe() : null);
        row.put("exit_status", status instanceof SandboxStatus.Stopped s && s.exit().ended() ? s.exit().shellStatus() : null);
        switch (status) {
            case SandboxStatus.Incomplete incomplete -> row.put("problem", incomplete.what());
            case SandboxStatus.Broken broken -> row.put("problem", broken.problem());
            case SandboxStatus.Lost lost -> row.put("problem", "its monitor was killed: `cloister gc` or `cloister stop "
                    + (config == null ? "NAME" : config.name()) + "` cleans up after it");
            default -> { }
        }
        return row;
    }

    /**
     * inspect's report: the list row (live state), then the plan report, with the cgroups of a
     * running sandbox added to its cgroup section.
     */
    public static Map<String, Object> inspect(SandboxConfig config, SandboxStatus status, Map<String, Object> planReport) {
        List<String> addresses = ((List<?>) planReport.get("addresses")).stream().map(String::valueOf).toList();
        Map<String, Object> out = listRow(config, status, addresses);
        planReport.forEach(out::putIfAbsent);
        Map<String, Object> cgroup = new LinkedHashMap<>(asMap(planReport.get("cgroup")));
        status.running().ifPresent(s -> cgroup.put("paths", s.cgroups().stream().map(Object::toString).toList()));
        out.put("cgroup", cgroup);
        Map<String, Object> kernel = new LinkedHashMap<>();
        kernel.put("landlock_abi", LandlockAbi.ofRunningKernel());
        kernel.put("degraded", degradedOnThisKernel(planReport));
        out.put("kernel", kernel);
        return out;
    }

    /**
     * What inspect shows that the plan alone decides, ending with every op of the plan file and its reason.
     * Compiled with the plan and stored beside it, so that inspect shows what start will run without planning again.
     */
    public static Map<String, Object> planReport(SandboxConfig config, SandboxPlan plan, SandboxFiles files) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("addresses", plan.addresses());
        config.selinuxLabel().ifPresent(l -> out.put("selinux_label", l));
        Map<String, Object> idMap = new LinkedHashMap<>();
        idMap.put("inside", 0);
        idMap.put("outside", plan.uidBase());
        idMap.put("count", plan.uidCount());
        out.put("uid_map", List.of(idMap));
        out.put("gid_map", List.of(idMap));
        out.put("namespaces", plan.namespaces());
        out.put("hostname", plan.hostname());
        plan.service().ifPresent(service -> out.put("service", service(service)));
        out.put("mounts", plan.steps().stream().map(Reports::step).toList());
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("bounding", plan.capabilities().names());
        caps.put("dropped", plan.capabilities().droppedNames());
        caps.put("no_new_privileges", plan.noNewPrivileges());
        out.put("capabilities", caps);
        Map<String, Object> kernel = new LinkedHashMap<>();
        kernel.put("nested_user_namespaces", plan.kernel().nestedUserNamespaces().getAsInt());
        kernel.put("user_namespace_owner", plan.uidBase());
        kernel.put("nftables", plan.kernel().nftables());
        kernel.put("ptys", plan.kernel().ptys().getAsInt());
        kernel.put("console_log_bytes", plan.kernel().consoleLogBytes().getAsLong());
        out.put("kernel", kernel);
        out.put("seccomp", plan.seccomp().summary());
        out.put("landlock", landlock(plan.landlock()));
        Map<String, Object> cgroup = new LinkedHashMap<>();
        cgroup.put("limits", limits(plan.limits()));
        cgroup.put("driver", plan.cgroups().driverWhy());
        cgroup.put("plan", plan.cgroups().ops().stream().map(PlanText::line).toList());
        out.put("cgroup", cgroup);
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("argv", plan.process().argv());
        process.put("env", plan.process().env());
        process.put("cwd", plan.process().cwd());
        process.put("stop_signal", plan.stopSignal());
        out.put("process", process);
        out.put("ops", PlanWriter.ops(plan, files).stream().map(Reports::op).toList());
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object section) {
        return (Map<String, Object>) section;
    }

    private static Map<String, Object> op(Op op) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", PlanText.line(op));
        m.put("reason", op.why());
        return m;
    }

    private static Map<String, Object> step(Op step) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("op", step.name());
        m.put("phase", step instanceof MountOp ? "host" : "init");
        switch (step) {
            case MountOp.Bind b -> {
                m.put("source", b.source());
                m.put("target", b.target());
                m.put("flags", b.flags());
            }
            case MountOp.Tmpfs t -> {
                m.put("target", t.target());
                m.put("options", t.options());
                m.put("flags", t.flags());
            }
            case MountOp.RootTmpfs r -> {
                m.put("target", "/");
                m.put("options", r.options());
            }
            case MountOp.Symlink s -> {
                m.put("target", s.path());
                m.put("link", s.linkTarget());
            }
            case MountOp.Mkdir d -> {
                m.put("target", d.target());
                m.put("mode", String.format("%04o", d.mode()));
            }
            case MountOp.File f -> m.put("target", f.target());
            case InitOp.Devpts d -> {
                m.put("target", d.target());
                m.put("max", d.max());
            }
            case MountOp.RootReadonly r -> m.put("target", "/");
            case InitOp.Pivot p -> m.put("target", "/");
            // the kernel filesystems, masks, read-only paths and the console: their one field is the target
            default -> m.put("target", step.fields().getFirst());
        }
        m.put("reason", step.why());
        return m;
    }

    /** The service planner's decisions: each private and shared path and why. */
    private static Map<String, Object> service(ServiceLayout layout) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("units", layout.units().stream().map(u -> u.name().fullName() + " (" + u.path() + ")").toList());
        m.put("enabled", layout.enabledUnits());
        m.put("copy", layout.copy());
        m.put("private", layout.privatePaths().stream().map(p -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("path", p.path().toString());
            r.put("kind", p.kind().name().toLowerCase(java.util.Locale.ROOT));
            r.put("origin", p.origin().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            r.put("owner", p.uid() + ":" + p.gid());
            r.put("mode", String.format("%04o", p.mode()));
            r.put("reason", p.reason());
            return r;
        }).toList());
        m.put("shared", layout.sharedPaths().stream().map(p -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("path", p.path().toString());
            r.put("access", "read-only");
            r.put("reason", p.reason());
            return r;
        }).toList());
        m.put("drop_ins", layout.dropIns().stream().map(d -> d.unit() + ".d/" + d.fileName()).toList());
        m.put("notes", layout.notes());
        return m;
    }

    private static Map<String, Object> landlock(LandlockRules rules) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("handled_fs", "0x" + Long.toHexString(rules.handledFs()));
        List<Map<String, Object>> paths = new ArrayList<>();
        for (LandlockRules.PathRule rule : rules.paths()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("path", rule.path());
            r.put("access", "0x" + Long.toHexString(rule.access()));
            r.put("reason", rule.reason());
            paths.add(r);
        }
        m.put("rules", paths);
        List<String> scopes = new ArrayList<>();
        if ((rules.scopes() & LandlockRules.SCOPE_ABSTRACT_UNIX_SOCKET) != 0) {
            scopes.add("abstract-unix-socket");
        }
        if ((rules.scopes() & LandlockRules.SCOPE_SIGNAL) != 0) {
            scopes.add("signal");
        }
        m.put("scopes", scopes);
        m.put("scopes_mask", "0x" + Long.toHexString(rules.scopes()));
        return m;
    }

    /** What this sandbox's confinement lacks on the running kernel (an empty list: nothing). */
    public static List<String> degradedOnThisKernel(Map<String, Object> planReport) {
        Map<String, Object> landlock = asMap(planReport.get("landlock"));
        return KernelDegradations.of(LandlockAbi.ofRunningKernel(), new LandlockRules(hex(landlock.get("handled_fs")), List.of(),
                hex(landlock.getOrDefault("scopes_mask", "0x0"))));
    }

    private static long hex(Object value) {
        return Long.parseUnsignedLong(String.valueOf(value).substring(2), 16);
    }

    public static Map<String, Object> limits(Limits limits) {
        Map<String, Object> m = new LinkedHashMap<>();
        limits.memoryBytes().ifPresent(v -> m.put("memory", Quantities.formatSize(v)));
        limits.cpuMillis().ifPresent(v -> m.put("cpus", Quantities.formatCpuMillis(v)));
        limits.cpuWeight().ifPresent(v -> m.put("cpu_weight", v));
        limits.pidsLimit().ifPresent(v -> m.put("pids_limit", v));
        limits.ioWeight().ifPresent(v -> m.put("io_weight", v));
        limits.storageBytes().ifPresent(v -> m.put("storage", Quantities.formatSize(v)));
        return m;
    }
}
