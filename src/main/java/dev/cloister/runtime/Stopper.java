package dev.cloister.runtime;

import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code stop}: SIGTERM to the monitor, which sends PID 1 the plan's stop signal (SIGTERM, or
 * SIGRTMIN+3 for systemd); after the timeout, SIGKILL to PID 1, which ends every process of
 * the PID namespace. The monitor then removes the cgroup and the runtime state. The helper
 * does the signalling; a monitor killed earlier leaves state that is cleaned up here.
 */
public final class Stopper {
    private final Context context;

    public Stopper(Context context) {
        this.context = context;
    }

    /**
     * Returns false when the sandbox was not running (stopping it is then a no-op). The
     * signalling is the helper's (bin/cloister runs the same without the JVM).
     */
    public boolean stop(String name, Duration timeout) throws IOException {
        SandboxFiles files = context.store().files(name);
        SandboxStatus status = context.store().status(name);
        if (status instanceof SandboxStatus.Lost lost) {
            LostSandbox.cleanUp(files, lost.state());
            return false;
        }
        if (!(status instanceof SandboxStatus.Running)) {
            return false;
        }
        int rc = HelperRun.run(context.helper(), List.of("stop", files.plan().toString(),
                Long.toString(timeout.toMillis())));
        if (rc != 0) {
            throw new IOException("sandbox '" + name + "' did not stop (the helper said why above)");
        }
        return true;
    }
}
