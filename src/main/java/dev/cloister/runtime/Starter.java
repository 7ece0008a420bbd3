package dev.cloister.runtime;

import dev.cloister.store.SandboxFiles;
import dev.cloister.store.Store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code start}: refreshes the compiled plan if the config changed, then hands over to the
 * helper (bin/cloister skips the JVM entirely when the plan is fresh).
 */
public final class Starter {
    private final Context context;

    public Starter(Context context) {
        this.context = context;
    }

    public int start(String name, boolean attach) throws IOException {
        Store store = context.store();
        SandboxFiles files = store.files(name);
        // /run is a tmpfs: after a reboot (an enabled host unit starting at boot) /run/cloister is gone
        store.ensureLayout();
        store.withSandboxLock(name, () -> {
            if (PlanCompiler.isStale(files)) {
                new PlanCompiler(context).compile(store.load(name), files);
            }
            return null;
        });
        List<String> args = new ArrayList<>(List.of("start", files.plan().toString()));
        if (attach) {
            args.add("--attach");
        }
        return context.helper().attached(args);
    }
}
