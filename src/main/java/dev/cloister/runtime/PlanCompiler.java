package dev.cloister.runtime;

import dev.cloister.json.Json;
import dev.cloister.json.JsonReader;
import dev.cloister.plan.PlanWriter;
import dev.cloister.plan.SandboxPlan;
import dev.cloister.security.seccomp.Arch;
import dev.cloister.security.seccomp.SeccompCompiler;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.SandboxFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Compiles a config into what the helper runs without the JVM: the plan text and the seccomp
 * BPF, and beside them the plan's report for inspect. Done at create and upgrade, and again
 * whenever the config is newer than the plan.
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
        Files.createDirectories(files.meta());
        return compileInto(config, files, files.meta());
    }

    /**
     * {@link #compile}, written into {@code dir} (an existing directory, e.g. the staging
     * metadata of a create) while naming the sandbox's final paths.
     */
    public SandboxPlan compileInto(SandboxConfig config, SandboxFiles files, Path dir) throws IOException {
        SandboxPlan plan = context.planner().plan(config, files);
        AtomicFiles.write(dir.resolve(files.seccomp().getFileName()), SeccompCompiler.compile(plan.seccomp(),
                Arch.host()), "rw-------");
        AtomicFiles.write(dir.resolve(files.plan().getFileName()), PlanWriter.render(plan, files), "rw-------");
        AtomicFiles.write(dir.resolve(files.planReport().getFileName()), Json.write(Reports.planReport(config, plan)),
                "rw-------");
        return plan;
    }

    /**
     * The plan report inspect shows: the one compiled with the plan while that is fresh (a
     * service sandbox's plan reads the package database and many files), else planned now.
     */
    public Map<String, Object> planReport(SandboxConfig config) throws IOException {
        SandboxFiles files = context.store().files(config.name());
        if (!isStale(files) && Files.exists(files.planReport()) && !newerThan(files.config(), files.planReport())) {
            try {
                Map<String, Object> stored = JsonReader.readObject(Files.readString(files.planReport()));
                if (stored.get("addresses") instanceof List<?> && stored.get("cgroup") instanceof Map<?, ?>) {
                    return stored;
                }
            } catch (IllegalArgumentException unreadable) {
                // planned anew below; the next compile rewrites it
            }
        }
        return Reports.planReport(config, plan(config));
    }

    /** Gives the compiled files the config's modification time, so bin/cloister's fast path takes them. */
    public static void markFresh(SandboxFiles files) throws IOException {
        java.nio.file.attribute.FileTime configTime = Files.getLastModifiedTime(files.config());
        Files.setLastModifiedTime(files.seccomp(), configTime);
        Files.setLastModifiedTime(files.plan(), configTime);
        Files.setLastModifiedTime(files.planReport(), configTime);
    }

    public static boolean isStale(SandboxFiles files) throws IOException {
        return !Files.exists(files.plan()) || !Files.exists(files.seccomp()) || newerThan(files.config(), files.plan());
    }

    private static boolean newerThan(Path a, Path b) throws IOException {
        return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
    }
}
