package dev.cloister.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds cgroupfs-shaped directories of plain files for tests. */
final class FakeCgroupFs {
    private FakeCgroupFs() {
    }

    /** Creates DIR (and parents) holding control files given as name, content, name, content, … */
    static Path cgroup(Path dir, String... namesAndContents) {
        try {
            Files.createDirectories(dir);
            for (int i = 0; i < namesAndContents.length; i += 2) {
                Files.writeString(dir.resolve(namesAndContents[i]), namesAndContents[i + 1]);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
