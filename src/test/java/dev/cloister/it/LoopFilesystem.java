package dev.cloister.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A small ext4 filesystem in an image file, mounted on a "clst-test" directory: a disk a test can fill. */
public final class LoopFilesystem implements AutoCloseable {
    private final Path image;
    private final Path dir;

    private LoopFilesystem(Path image, Path dir) {
        this.image = image;
        this.dir = dir;
    }

    /** No reserved blocks: full means full, for root too. */
    public static LoopFilesystem mount(String prefix, long bytes) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(prefix);
        Path image = dir.resolveSibling(dir.getFileName() + ".img");
        try (var file = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(bytes);
        }
        Commands.run(new ProcessBuilder("mkfs.ext4", "-q", "-F", "-m", "0", image.toString()), null, 60).assertOk();
        Commands.run(new ProcessBuilder("mount", "-o", "loop", image.toString(), dir.toString()), null, 60).assertOk();
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        return new LoopFilesystem(image, dir);
    }

    public Path dir() {
        return dir;
    }

    /** Writes FILE until the filesystem has no block left. */
    public void fill(Path file) throws IOException, InterruptedException {
        Commands.run(new ProcessBuilder("dd", "if=/dev/zero", "of=" + file, "bs=4k"), null, 120);
        Commands.run(new ProcessBuilder("sync", "-f", dir.toString()), null, 60);
    }

    @Override
    public void close() throws Exception {
        Commands.run(new ProcessBuilder("umount", dir.toString()), null, 60).assertOk();
        Files.deleteIfExists(dir);
        Files.deleteIfExists(image);
    }
}
