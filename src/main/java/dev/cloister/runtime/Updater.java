package dev.cloister.runtime;

import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;
import dev.cloister.store.Store;
import dev.cloister.tree.TreeQuota;

import java.io.IOException;

/** {@code update}: new limits in the config and plan, and live in the cgroup of a running sandbox. */
public final class Updater {
    private final Context context;

    public Updater(Context context) {
        this.context = context;
    }

    public SandboxConfig update(String name, Limits changes) throws IOException {
        Store store = context.store();
        SandboxFiles files = store.files(name);
        return store.withSandboxLock(name, () -> {
            SandboxConfig old = store.load(name);
            SandboxConfig updated = old.withLimits(old.limits().overriddenBy(changes));
            boolean running = store.status(name) instanceof SandboxStatus.Running;
            if (changes.storageBytes().isPresent()) {
                applyStorage(old, files, running, changes.storageBytes().getAsLong());
            }
            store.save(updated);
            new PlanCompiler(context).compile(updated, files);
            if (store.status(name) instanceof SandboxStatus.Running live) {
                context.cgroups().update(live.state().cgroups(), changes);
            }
            return updated;
        });
    }

    /**
     * A tree already in its project gets the new limit at once; putting a tree into its project
     * walks it, which is only safe while nothing inside can move its files around.
     */
    private static void applyStorage(SandboxConfig old, SandboxFiles files, boolean running, long bytes)
            throws IOException {
        int project = TreeQuota.projectId(old.uidBase());
        if (old.limits().storageBytes().isPresent()) {
            TreeQuota.change(files.tree(), project, bytes);
        } else if (running) {
            throw new IllegalStateException("sandbox '" + old.name() + "' has no storage limit yet: stop it, set "
                    + "the limit, and start it again");
        } else {
            TreeQuota.apply(files.tree(), project, bytes);
        }
    }
}
