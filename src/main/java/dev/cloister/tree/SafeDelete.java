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
        refuseMountsBeneath(root);
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

    /**
     * A mount of the same filesystem (a bind) has the same st_dev as the tree, so the host's
     * mount table is checked too: deleting through a mount would empty what is mounted there.
     */
    private static void refuseMountsBeneath(Path root) throws IOException {
        Path real = root.toRealPath();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                Path mountPoint = Path.of(unescape(fields[4]));
                if (mountPoint.startsWith(real)) {
                    throw new IOException(mountPoint + " is a mount point inside " + root
                            + ": unmount it, then delete again");
                }
            }
        }
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes (\040 …). */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The st_dev part of the file key, "(dev=803,ino=12)" on Linux. */
    private static String device(BasicFileAttributes attrs) {
        String key = String.valueOf(attrs.fileKey());
        int comma = key.indexOf(',');
        return comma > 0 ? key.substring(0, comma) : key;
    }
}
