package dev.cloister.runtime;

import dev.cloister.plan.PlanWriter;
import dev.cloister.plan.SandboxPlan;
import dev.cloister.security.seccomp.Arch;
import dev.cloister.security.seccomp.SeccompCompiler;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.SandboxFiles;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Compiles a config into what the helper runs without the JVM: the plan text and the seccomp
 * BPF. Done at create and upgrade, and again whenever the config is newer than the plan.
 */
public final class PlanCompiler {
    private final Context context;

    public PlanCompiler(Context context) {
        this.context = context;
    }

    public SandboxPlan plan(SandboxConfig config) {
        return context.planner().plan(config, context.store().files(config.name()));
    }

    public SandboxPlan compile(SandboxConfig config, SandboxFiles files) throws IOException {
        SandboxPlan plan = context.planner().plan(config, files);
        Files.createDirectories(files.meta());
        AtomicFiles.write(files.seccomp(), SeccompCompiler.compile(plan.seccomp(), Arch.host()), "rw-------");
        AtomicFiles.write(files.plan(), PlanWriter.render(plan, files), "rw-------");
        return plan;
    }

    /** Gives the compiled files the config's modification time, so bin/cloister's fast path takes them. */
    public static void markFresh(SandboxFiles files) throws IOException {
        java.nio.file.attribute.FileTime configTime = Files.getLastModifiedTime(files.config());
        Files.setLastModifiedTime(files.seccomp(), configTime);
        Files.setLastModifiedTime(files.plan(), configTime);
    }

    public static boolean isStale(SandboxFiles files) throws IOException {
        return !Files.exists(files.plan()) || !Files.exists(files.seccomp())
                || Files.getLastModifiedTime(files.config()).compareTo(Files.getLastModifiedTime(files.plan())) > 0;
    }
}
