package dev.cloister.runtime;

import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;
import dev.cloister.store.Store;

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
            if (changes.storageBytes().isPresent()) {
                throw new IllegalArgumentException("the storage limit is the size of the tree's image, fixed at "
                        + "create: create a new sandbox with --storage SIZE and copy the data over");
            }
            store.save(updated);
            new PlanCompiler(context).compile(updated, files);
            if (store.status(name) instanceof SandboxStatus.Running live) {
                context.cgroups().update(live.state().cgroups(), changes);
            }
            return updated;
        });
    }
}
