package dev.cloister.runtime;

import dev.cloister.store.ProcFs;
import dev.cloister.store.RuntimeState;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code stop}: SIGTERM to the monitor, which sends PID 1 the plan's stop signal (SIGTERM, or
 * SIGRTMIN+3 for systemd); after the timeout, SIGKILL to PID 1, which ends every process of
 * the PID namespace. The monitor then removes the cgroup and the runtime state.
 */
public final class Stopper {
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(10);

    private final Context context;

    public Stopper(Context context) {
        this.context = context;
    }

    /** Returns false when the sandbox was not running (stopping it is then a no-op). */
    public boolean stop(String name, Duration timeout) throws IOException {
        SandboxFiles files = context.store().files(name);
        SandboxStatus status = context.store().status(name);
        if (status instanceof SandboxStatus.Lost lost) {
            LostSandbox.cleanUp(files, lost.state());
            return false;
        }
        if (!(status instanceof SandboxStatus.Running running)) {
            return false;
        }
        RuntimeState state = running.state();
        signal(state.monitorPid(), state.monitorStart(), false);
        if (!waitForMonitor(state, timeout)) {
            signal(state.initPid(), state.initStart(), true);
            if (!waitForMonitor(state, CLEANUP_GRACE)) {
                throw new IOException("sandbox '" + name + "' did not stop: its monitor (pid " + state.monitorPid()
                        + ") is still running");
            }
        }
        return true;
    }

    /** Signals a process only if it is still the one the state names (same start time). */
    private static void signal(long pid, long startTime, boolean kill) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isPresent() && ProcFs.startTime(pid).orElse(-1L) == startTime) {
            if (kill) {
                handle.get().destroyForcibly();
            } else {
                handle.get().destroy();
            }
        }
    }

    private static boolean waitForMonitor(RuntimeState state, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state.monitorAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !state.monitorAlive();
            }
        }
        return true;
    }
}
