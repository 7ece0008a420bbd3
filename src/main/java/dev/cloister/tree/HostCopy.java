package dev.cloister.tree;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Copies host files into a new sandbox tree, preserving owners, modes, times, extended
 * attributes and symlinks; sockets, fifos and devices are skipped. The source is the host
 * (trusted); the destination is new, so nothing in it can redirect the copy.
 */
public final class HostCopy {
    private HostCopy() {
    }

    /** Host files that are not world-readable are secrets by convention: they stay on the host. */
    public static final Predicate<PosixFileAttributes> WORLD_READABLE =
            a -> a.isSymbolicLink() || a.permissions().contains(PosixFilePermission.OTHERS_READ);

    /** Copies {@code source} to {@code target}, keeping only entries {@code keep} accepts (and skipping their subtrees). */
    public static void copy(Path source, Path target, Predicate<PosixFileAttributes> keep) throws IOException {
        copy(source, target, keep, Set.of());
    }

    /**
     * {@link #copy(Path, Path, Predicate)}, with the directories {@code emptied} (relative to
     * {@code source}) made empty, with their owner and mode: mount points for what is not copied.
     */
    public static void copy(Path source, Path target, Predicate<PosixFileAttributes> keep, Set<Path> emptied)
            throws IOException {
        Files.walkFileTree(source, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        PosixFileAttributes posix = attrs instanceof PosixFileAttributes p ? p : posix(dir);
                        if (!dir.equals(source) && !keep.test(posix)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        Path relative = source.relativize(dir);
                        Path to = target.resolve(relative.toString());
                        if (!Files.isDirectory(to, LinkOption.NOFOLLOW_LINKS)) {
                            Files.createDirectory(to);
                        }
                        if (emptied.contains(relative)) {
                            copyAttributes(dir, to);
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        // The walk read them without following links; on Linux they are POSIX attributes.
                        PosixFileAttributes posix = attrs instanceof PosixFileAttributes p ? p : posix(file);
                        if (!(attrs.isRegularFile() || attrs.isSymbolicLink()) || !keep.test(posix)) {
                            return FileVisitResult.CONTINUE;
                        }
                        Path to = target.resolve(source.relativize(file).toString());
                        try {
                            // COPY_ATTRIBUTES gives a symlink its owner too (lchown).
                            Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS,
                                    StandardCopyOption.REPLACE_EXISTING);
                        } catch (java.nio.file.NoSuchFileException gone) {
                            return FileVisitResult.CONTINUE; // removed while we copied (e.g. apt regenerating links)
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof java.nio.file.NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Path to = target.resolve(source.relativize(dir).toString());
                        copyAttributes(dir, to);
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /**
     * Owner, group, mode and times of a directory (set after its content, so the mtime sticks).
     * By number: owner()/group() would look each id up in the password database.
     */
    private static void copyAttributes(Path from, Path to) throws IOException {
        Map<String, Object> a = Files.readAttributes(from, "unix:uid,gid,mode,lastModifiedTime,lastAccessTime",
                LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:uid", a.get("uid"), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:gid", a.get("gid"), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(to, "unix:mode", (Integer) a.get("mode") & 07777, LinkOption.NOFOLLOW_LINKS);
        Files.getFileAttributeView(to, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes((FileTime) a.get("lastModifiedTime"), (FileTime) a.get("lastAccessTime"), null);
    }

    private static PosixFileAttributes posix(Path p) throws IOException {
        return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
