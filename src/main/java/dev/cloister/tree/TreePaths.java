package dev.cloister.tree;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Paths inside a sandbox's tree, which root inside shapes at will: every component is checked
 * without following links, so a link planted in the tree can never redirect a host-side write
 * or read to a path outside it.
 */
public final class TreePaths {
    private TreePaths() {
    }

    /**
     * Makes every component of {@code relative} below {@code root} a real directory, replacing
     * a symlink or file found on the way with an empty directory (the link itself is removed,
     * never its target). Only for trees no sandbox runs in (a clone's staging copy).
     */
    public static Path realDirectory(Path root, String relative) throws IOException {
        Path current = root;
        for (Path part : Path.of(relative)) {
            current = current.resolve(part.toString());
            BasicFileAttributes a = attrs(current);
            if (a != null && !a.isDirectory()) {
                Files.delete(current);
                a = null;
            }
            if (a == null) {
                Files.createDirectory(current);
            }
        }
        return current;
    }

    /**
     * Opens {@code relative} below {@code root} as a directory, one component at a time with
     * O_NOFOLLOW; empty if any component is missing, a link, or not a directory.
     */
    public static SecureDirectoryStream<Path> openBeneath(Path root, String relative) throws IOException {
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> dir)) {
            top.close();
            throw new IOException("cannot open " + root + " safely on this platform (no openat)");
        }
        SecureDirectoryStream<Path> current = dir;
        try {
            for (Path part : Path.of(relative)) {
                SecureDirectoryStream<Path> next = current.newDirectoryStream(Path.of(part.toString()),
                        LinkOption.NOFOLLOW_LINKS);
                current.close();
                current = next;
            }
            return current;
        } catch (IOException e) {
            current.close();
            throw e;
        }
    }

    private static BasicFileAttributes attrs(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }
}
