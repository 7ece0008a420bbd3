package dev.cloister.store;

import java.util.Optional;

/** What {@code list} says of a sandbox. */
public sealed interface SandboxStatus {
    String word();

    /** Created, never started. */
    record Defined() implements SandboxStatus {
        public String word() { return "defined"; }
    }

    /** The monitor builds the sandbox; PID 1 does not run yet. */
    record Starting(RuntimeState state) implements SandboxStatus {
        public String word() { return "starting"; }
    }

    record Running(RuntimeState state) implements SandboxStatus {
        public String word() { return "running"; }
    }

    /** PID 1 has ended; its monitor is recording that and cleaning up. */
    record Stopping(RuntimeState state) implements SandboxStatus {
        public String word() { return "stopping"; }
    }

    /** The last run ended: how, if the record knows (see {@link ExitRecord#describe}). */
    record Stopped(ExitRecord exit) implements SandboxStatus {
        public String word() { return exit.kind() == ExitRecord.Kind.EXITED ? "exited" : "stopped"; }
    }

    /** The monitor is gone without cleaning up (killed with SIGKILL): stop, start or gc cleans up. */
    record Lost(RuntimeState state) implements SandboxStatus {
        public String word() { return "lost"; }
    }

    /** What a create, clone or delete left, finished or in progress: {@link Leftover#advice} says what to do. */
    record Incomplete(Leftover leftover) implements SandboxStatus {
        public String word() { return "incomplete"; }

        public String what() { return leftover.what() + ": " + leftover.advice(); }
    }

    /** A file of the sandbox that cannot be read: FILE:LINE and the problem. */
    record Broken(String problem) implements SandboxStatus {
        public String word() { return "broken"; }
    }

    default Optional<RuntimeState> running() {
        return this instanceof Running r ? Optional.of(r.state()) : Optional.empty();
    }
}
