package dev.cloister.tree;

import dev.cloister.os.Xattrs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Gives every file of a new tree the sandbox's SELinux file label (what `chcon -R -h` would do),
 * so its process label may use them and no other sandbox's may. Links are labelled, never
 * followed. Only on hosts that enforce SELinux.
 */
public final class TreeLabel {
    static final String ATTRIBUTE = "security.selinux";

    private TreeLabel() {
    }

    public static void apply(Path tree, String fileLabel) throws IOException {
        label(tree, ATTRIBUTE, fileLabel);
    }

    /** The walk, with the attribute name open so tests can use an unprivileged "user." one. */
    static void label(Path tree, String attribute, String value) throws IOException {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Xattrs.set(dir, attribute, value);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink() || attribute.startsWith("security.")) {
                    Xattrs.set(file, attribute, value);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
