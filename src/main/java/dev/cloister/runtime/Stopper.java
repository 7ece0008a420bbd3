package dev.cloister.runtime;

import dev.cloister.store.NoSuchSandboxException;
import dev.cloister.store.SandboxFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code stop}: the helper's, whichever path runs it (bin/cloister runs it without the JVM when
 * the plan is fresh): the plan's stop signal to PID 1 through the monitor, SIGKILL after the
 * timeout, and the monitor's cleanup, or the same cleanup steps after a killed monitor
 * (native/stop.c, native/cleanup.c). Same steps, same messages.
 */
public final class Stopper {
    private final Context context;

    public Stopper(Context context) {
        this.context = context;
    }

    /**
     * The helper's exit status: 0 when nothing of the sandbox runs or is left over any more.
     *
     * @param timeout before SIGKILL; empty: the plan's stop-timeout, as on bin/cloister's fast path
     */
    public int stop(String name, Optional<Duration> timeout) throws IOException {
        SandboxFiles files = context.store().files(name);
        if (!Files.isRegularFile(files.plan())) {
            if (!context.store().names().contains(name)) {
                throw new NoSuchSandboxException(name, context.store().names());
            }
            throw new IllegalStateException("sandbox '" + name + "' has no compiled plan, so it cannot be running: "
                    + "`cloister list` says what it is");
        }
        // a plan compiled by an older Cloister may lack what this helper needs (stop-timeout): compile it again,
        // as upgrade does for a running sandbox; its paths stay the same
        context.store().withSandboxLock(name, () -> {
            if (PlanCompiler.isStale(files)) {
                new PlanCompiler(context).compile(context.store().load(name), files);
            }
            return null;
        });
        List<String> args = new ArrayList<>(List.of("stop", files.plan().toString()));
        timeout.ifPresent(t -> args.add(Long.toString(t.toMillis())));
        return context.helper().attached(args);
    }
}
