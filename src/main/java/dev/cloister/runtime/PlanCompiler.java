package dev.cloister.runtime;

import dev.cloister.json.Json;
import dev.cloister.json.JsonReader;
import dev.cloister.plan.PlanWriter;
import dev.cloister.plan.SandboxPlan;
import dev.cloister.security.UidRanges;
import dev.cloister.security.seccomp.Arch;
import dev.cloister.security.seccomp.SeccompCompiler;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.SandboxFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Compiles into the sandbox's metadata, all or nothing (see {@link #commit}). */
    public SandboxPlan compile(SandboxConfig config, SandboxFiles files) throws IOException {
        Files.createDirectories(files.meta());
        Staged staged = stage(config, files, FileTime.from(Instant.now()));
        commit(staged);
        return staged.plan();
    }

    /**
     * {@link #compile}, written into {@code dir} (an existing directory, e.g. the staging
     * metadata of a create, renamed into place as a whole) while naming the sandbox's final paths.
     */
    public SandboxPlan compileInto(SandboxConfig config, SandboxFiles files, Path dir) throws IOException {
        SandboxPlan plan = checkedPlan(config, files);
        for (Map.Entry<Path, byte[]> e : render(config, plan, files).entrySet()) {
            AtomicFiles.write(dir.resolve(e.getKey().getFileName()), e.getValue(), "rw-------");
        }
        return plan;
    }

    /** The plan of a config whose host binds and uid range pass the checks every compile makes. */
    private SandboxPlan checkedPlan(SandboxConfig config, SandboxFiles files) throws IOException {
        // a hand-edited config compiled by a start is held to the same host-bind rules as create and upgrade
        HostBindSources.requireUsable(config, context.store().paths(), true);
        // a hand-edited UidBase= copied from another sandbox's config is refused here (upgrade, start)
        context.uidRanges().confirm(new UidRanges.Holder(context.store().paths().root(), config.name()),
                config.uidBase());
        return context.planner().plan(config, files);
    }

    /** A compiled plan whose files are written beside their targets, not yet in place. */
    public record Staged(SandboxPlan plan, Map<Path, Path> targetToStaged) {
    }

    /**
     * Writes the plan's files next to the sandbox's (synced, with {@code mtime}) and changes
     * nothing: a full disk fails here, before anything was replaced.
     */
    public Staged stage(SandboxConfig config, SandboxFiles files, FileTime mtime) throws IOException {
        SandboxPlan plan = checkedPlan(config, files);
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (Map.Entry<Path, byte[]> e : render(config, plan, files).entrySet()) {
                staged.put(e.getKey(), AtomicFiles.stage(e.getKey(), e.getValue(), "rw-------", mtime));
            }
        } catch (IOException | RuntimeException e) {
            discard(new Staged(plan, staged));
            throw e;
        }
        return new Staged(plan, staged);
    }

    /**
     * Puts staged files in place. The plan the helper runs, start.plan, is made stale first and
     * renamed last: a commit killed half-way leaves a stale plan (compiled again at the next
     * start), never a plan beside another plan's seccomp filter.
     */
    public static void commit(Staged staged) throws IOException {
        Map<Path, Path> files = staged.targetToStaged();
        Path startPlan = files.keySet().stream().filter(p -> p.getFileName().toString().equals("start.plan"))
                .findFirst().orElseThrow();
        if (Files.exists(startPlan)) {
            Files.setLastModifiedTime(startPlan, FileTime.fromMillis(0));
        }
        for (Map.Entry<Path, Path> e : files.entrySet()) {
            if (!e.getKey().equals(startPlan)) {
                AtomicFiles.commit(e.getValue(), e.getKey());
            }
        }
        AtomicFiles.commit(files.get(startPlan), startPlan);
    }

    /** Removes staged files that will not be committed. */
    public static void discard(Staged staged) throws IOException {
        for (Path tmp : staged.targetToStaged().values()) {
            Files.deleteIfExists(tmp);
        }
    }

    /** The compiled files' targets (their staged copies are what a killed compile leaves). */
    public static List<Path> outputs(SandboxFiles files) {
        return List.of(files.seccomp(), files.planReport(), files.plan());
    }

    private static Map<Path, byte[]> render(SandboxConfig config, SandboxPlan plan, SandboxFiles files) {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        out.put(files.seccomp(), SeccompCompiler.compile(plan.seccomp(), Arch.host()));
        out.put(files.planReport(),
                Json.write(Reports.planReport(config, plan, files)).getBytes(StandardCharsets.UTF_8));
        out.put(files.plan(), PlanWriter.render(plan, files).getBytes(StandardCharsets.UTF_8));
        return out;
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
                // a report compiled before inspect listed the ops is planned anew
                if (stored.get("addresses") instanceof List<?> && stored.get("cgroup") instanceof Map<?, ?>
                        && stored.get("ops") instanceof List<?>) {
                    return stored;
                }
            } catch (IllegalArgumentException unreadable) {
                // planned anew below; the next compile rewrites it
            }
        }
        return Reports.planReport(config, plan(config), files);
    }

    /** Gives the compiled files the modification time the config will have, so bin/cloister's fast path takes them. */
    public static void markFresh(SandboxFiles files, Path dir, FileTime configTime) throws IOException {
        for (Path output : outputs(files)) {
            Files.setLastModifiedTime(dir.resolve(output.getFileName()), configTime);
        }
    }

    public static boolean isStale(SandboxFiles files) throws IOException {
        return isStale(files, CloisterBuild.time());
    }

    /**
     * Stale: missing, older than its config, or compiled by an older Cloister than the one reading it
     * (BUILT: when this Cloister's jar was made; a plan's ops change between versions, and after an
     * upgrade of Cloister the first start or stop of each sandbox compiles its plan again).
     */
    static boolean isStale(SandboxFiles files, Optional<FileTime> built) throws IOException {
        if (!Files.exists(files.plan()) || !Files.exists(files.seccomp()) || newerThan(files.config(), files.plan())) {
            return true;
        }
        return built.isPresent() && built.get().compareTo(Files.getLastModifiedTime(files.plan())) > 0;
    }

    private static boolean newerThan(Path a, Path b) throws IOException {
        return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b)) > 0;
    }
}
