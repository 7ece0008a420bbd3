package dev.cloister.service;

import java.nio.file.Path;

/** A host path the sandbox sees read-only, at the same place. */
public record SharedPath(Path path, String reason) implements Placement {

    @Override
    public boolean coversSubtree() {
        return true;
    }

    @Override
    public String toString() {
        return path + " read-only (" + reason + ")";
    }
}
