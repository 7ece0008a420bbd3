package dev.cloister.service;

import java.nio.file.Path;

/** Where a path of the plan lives: private to the sandbox, or the host's, shared read-only. */
public sealed interface Placement permits PrivatePath, SharedPath {
    Path path();

    String reason();

    /** Whether a path below this one is already covered by it (a copy or a share carries its subtree). */
    boolean coversSubtree();
}
