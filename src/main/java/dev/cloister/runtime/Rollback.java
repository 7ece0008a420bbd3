package dev.cloister.runtime;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo list of a create or clone: each step, once done, registers how it is undone; when a
 * later step fails, every undo runs, the last first. The first error is the one the user sees:
 * an undo that fails is added to it as suppressed and the undos after it still run (what one
 * leaves, {@code list} shows and {@code delete NAME} removes).
 */
final class Rollback {
    @FunctionalInterface
    interface Undo {
        void run() throws IOException;
    }

    /** A registered undo: WHAT it does ("removing the tree"), to {@link #forget} once the operation reversed its step. */
    record Entry(String what, Undo undo) {
    }

    private final String name;
    private final Deque<Entry> entries = new ArrayDeque<>();

    /** NAME: the sandbox, for the advice in an undo's failure. */
    Rollback(String name) {
        this.name = name;
    }

    Entry add(String what, Undo undo) {
        Entry entry = new Entry(what, undo);
        entries.push(entry);
        return entry;
    }

    /** A step the operation reversed itself (an unmount before a rename): there is nothing to undo any more. */
    void forget(Entry entry) {
        entries.remove(entry);
    }

    /** Undoes every step, the last first; the undos' own failures are added to FIRST, the error to throw. */
    void undo(Exception first) {
        while (!entries.isEmpty()) {
            Entry entry = entries.pop();
            try {
                entry.undo().run();
            } catch (IOException | RuntimeException alsoFailed) {
                first.addSuppressed(new IOException("rolling back '" + name + "', " + entry.what() + " failed: "
                        + alsoFailed.getMessage() + " (`cloister delete " + name + "` removes what is left)", alsoFailed));
            }
        }
    }
}
