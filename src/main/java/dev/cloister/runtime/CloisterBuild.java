package dev.cloister.runtime;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;

/** When the running Cloister was built: its jar's modification time (empty when not run from a jar, as in unit tests). */
final class CloisterBuild {
    private CloisterBuild() {
    }

    static Optional<FileTime> time() {
        try {
            Path source = Path.of(CloisterBuild.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(source) ? Optional.of(Files.getLastModifiedTime(source)) : Optional.empty();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
