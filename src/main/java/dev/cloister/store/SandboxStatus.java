package dev.cloister.store;

import java.util.Optional;

/** What {@code list} says of a sandbox. */
public sealed interface SandboxStatus {
    String word();

    /** Created, never started (or its last run left no record). */
    record Defined() implements SandboxStatus {
        public String word() { return "defined"; }
    }

    record Running(RuntimeState state) implements SandboxStatus {
        public String word() { return "running"; }
    }

    record Stopped(ExitRecord exit) implements SandboxStatus {
        public String word() { return exit.signaled() ? "stopped" : "exited"; }
    }

    /** The monitor is gone without recording an exit (killed with SIGKILL): start or gc cleans up. */
    record Lost(RuntimeState state) implements SandboxStatus {
        public String word() { return "lost"; }
    }

    /** Files of a create or delete that did not finish; {@code cloister delete NAME} removes them. */
    record Incomplete(String what) implements SandboxStatus {
        public String word() { return "incomplete"; }
    }

    default Optional<RuntimeState> running() {
        return this instanceof Running r ? Optional.of(r.state()) : Optional.empty();
    }
}
