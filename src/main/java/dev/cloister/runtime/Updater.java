package dev.cloister.runtime;

import dev.cloister.cgroup.CgroupException;
import dev.cloister.spec.ConfigFile;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;
import dev.cloister.store.Store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

/**
 * {@code update}: new limits in the config and plan, and live in the cgroup of a running
 * sandbox; all of it or nothing. The new config and plan are written beside the old ones first
 * (a full disk fails there, before anything changed), then applied live (a limit the kernel
 * refuses puts the others back), then renamed into place, the config first (the plan is stale
 * until its own rename, so a kill in between leaves a plan that is compiled again at start).
 */
public final class Updater {
    private final Context context;

    public Updater(Context context) {
        this.context = context;
    }

    public SandboxConfig update(String name, Limits changes) throws IOException {
        if (changes.storageBytes().isPresent()) {
            throw new IllegalArgumentException("the storage limit is the size of the tree's image, fixed at "
                    + "create: create a new sandbox with --storage SIZE and copy the data over");
        }
        Store store = context.store();
        SandboxFiles files = store.files(name);
        return store.withSandboxLock(name, () -> {
            SandboxConfig old = store.load(name);
            SandboxConfig updated = old.withLimits(old.limits().overriddenBy(changes));
            FileTime now = FileTime.from(Instant.now());
            Path config = null;
            PlanCompiler.Staged plan;
            try {
                config = AtomicFiles.stage(files.config(), ConfigFile.render(updated).getBytes(StandardCharsets.UTF_8),
                        "rw-r--r--", now);
                plan = new PlanCompiler(context).stage(updated, files, now);
            } catch (IOException e) {
                if (config != null) {
                    java.nio.file.Files.deleteIfExists(config);
                }
                throw nothingChanged(name, e);
            }
            try {
                applyLive(name, old.limits().valuesOf(changes), changes);
            } catch (RuntimeException e) {
                java.nio.file.Files.deleteIfExists(config);
                PlanCompiler.discard(plan);
                throw e;
            }
            AtomicFiles.commit(config, files.config());
            PlanCompiler.commit(plan);
            return updated;
        });
    }

    /** A running sandbox takes the limits at once; when the kernel refuses one, the ones already written go back. */
    private void applyLive(String name, Limits previous, Limits changes) throws IOException {
        if (!(context.store().status(name) instanceof SandboxStatus.Running live)) {
            return;
        }
        List<Path> cgroups = live.state().cgroups();
        try {
            context.cgroups().update(cgroups, changes);
        } catch (CgroupException e) {
            try {
                context.cgroups().update(cgroups, previous);
            } catch (CgroupException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw new CgroupException("nothing changed: " + e.getMessage(), e);
        }
    }

    private static IOException nothingChanged(String name, IOException e) {
        return new IOException("nothing changed for '" + name + "': " + e.getMessage()
                + (String.valueOf(e.getMessage()).contains("No space left") ? " (free space on that filesystem and "
                + "update again)" : ""), e);
    }
}
