package dev.cloister.tree;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Deletes a sandbox's tree without trusting it: every step is relative to an open directory
 * (openat/unlinkat through {@link SecureDirectoryStream}), symlinks are removed, never followed,
 * and a directory on another filesystem (a mount planted or left in the tree) stops the delete
 * instead of emptying whatever is mounted there.
 */
public final class SafeDelete {
    private SafeDelete() {
    }

    public static void deleteTree(Path root) throws IOException {
        BasicFileAttributes rootAttrs;
        try {
            rootAttrs = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!rootAttrs.isDirectory()) {
            Files.delete(root);
            return;
        }
        String device = device(rootAttrs);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
                throw new IOException("this platform cannot delete " + root + " safely (no openat support)");
            }
            emptyDirectory(secure, root, device);
        }
        Files.delete(root);
    }

    private static void emptyDirectory(SecureDirectoryStream<Path> dir, Path shown, String device)
            throws IOException {
        for (Path entry : dir) {
            Path name = entry.getFileName();
            BasicFileAttributes attrs = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (attrs.isDirectory()) {
                if (!device(attrs).equals(device)) {
                    throw new IOException(shown.resolve(name) + " is a mount point: unmount it, then delete again");
                }
                try (SecureDirectoryStream<Path> child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
                    emptyDirectory(child, shown.resolve(name), device);
                }
                dir.deleteDirectory(name);
            } else {
                dir.deleteFile(name);
            }
        }
    }

    /** The st_dev part of the file key, "(dev=803,ino=12)" on Linux. */
    private static String device(BasicFileAttributes attrs) {
        String key = String.valueOf(attrs.fileKey());
        int comma = key.indexOf(',');
        return comma > 0 ? key.substring(0, comma) : key;
    }
}
