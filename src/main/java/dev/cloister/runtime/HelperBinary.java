package dev.cloister.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the C helper: set by bin/cloister (CLOISTER_HELPER), or next to a checkout (CLOISTER_HOME). */
final class HelperBinary {
    private HelperBinary() {
    }

    static Path locate() {
        String explicit = System.getenv("CLOISTER_HELPER");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String home = System.getenv("CLOISTER_HOME");
        Path candidate = Path.of(home == null ? "." : home, "build", "cloister-helper");
        return Files.isExecutable(candidate) ? candidate.toAbsolutePath() : Path.of("/usr/local/lib/cloister/cloister-helper");
    }
}
