package dev.cloister.runtime;

import dev.cloister.plan.SandboxPlan;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A create's plan, compiled on a thread of its own while the tree is built: the plan depends on
 * the config and the final paths, not on the tree, and the tree's copy runs in the helper.
 */
final class PlanCompilation {
    private final FutureTask<SandboxPlan> compiling;

    private PlanCompilation(FutureTask<SandboxPlan> compiling) {
        this.compiling = compiling;
    }

    static PlanCompilation start(Callable<SandboxPlan> compile) {
        FutureTask<SandboxPlan> task = new FutureTask<>(compile);
        Thread.ofPlatform().name("plan-compiler").start(task);
        return new PlanCompilation(task);
    }

    /** Waits for the plan's compilation (uninterruptibly) and returns the plan, or throws what it threw. */
    SandboxPlan finish() throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return compiling.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("compiling the plan failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
