package dev.cloister.store;

import java.util.List;

/** A command named a sandbox that does not exist; the message lists the ones that do. */
public final class NoSuchSandboxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoSuchSandboxException(String name, List<String> existing) {
        super("no sandbox named '" + name + "'" + (existing.isEmpty()
                ? " (there are none yet: create one with `cloister create`)"
                : "; sandboxes: " + String.join(", ", existing)));
    }
}
