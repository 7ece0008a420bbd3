package dev.cloister.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Write-then-rename: a reader sees the old content or the new, never a torn file. The new
 * content goes to {@code .NAME.tmp} beside the target first; a writer killed before the
 * rename leaves that file, which the next write of the target or {@code cloister gc}
 * ({@link #removeLeftover}) removes.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    public static void write(Path target, String content, String permissions) throws IOException {
        write(target, content.getBytes(StandardCharsets.UTF_8), permissions);
    }

    public static void write(Path target, byte[] content, String permissions) throws IOException {
        commit(stage(target, content, permissions, null), target);
    }

    /**
     * Writes {@code content} to the target's temporary file (synced, with {@code mtime} when not
     * null) without touching the target: several staged files are then committed together, so
     * a full disk fails before any target changed.
     */
    public static Path stage(Path target, byte[] content, String permissions, FileTime mtime) throws IOException {
        Path tmp = temporary(target);
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
            if (mtime != null) {
                Files.setLastModifiedTime(tmp, mtime);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Renames a staged file over its target (a rename needs no free space). */
    public static void commit(Path staged, Path target) throws IOException {
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Removes the target's staged file, if a killed writer left one. The caller holds the target's lock. */
    public static boolean removeLeftover(Path target) throws IOException {
        return Files.deleteIfExists(temporary(target));
    }

    public static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }
}
