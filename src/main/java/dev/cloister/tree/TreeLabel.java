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
 * followed. Only on hosts that enforce SELinux. At upgrade only what is not labelled for a
 * sandbox yet (new files, files made while SELinux was off) is labelled: a level the
 * administrator set on purpose (`chcon -l`) stays.
 */
public final class TreeLabel {
    static final String ATTRIBUTE = "security.selinux";

    private TreeLabel() {
    }

    public static void apply(Path tree, String fileLabel) throws IOException {
        label(tree, ATTRIBUTE, fileLabel, false);
    }

    /** Labels the entries whose type is not the file label's (upgrade). */
    public static void applyWhereMissing(Path tree, String fileLabel) throws IOException {
        label(tree, ATTRIBUTE, fileLabel, true);
    }

    /** The walk, with the attribute name open so tests can use an unprivileged "user." one. */
    static void label(Path tree, String attribute, String value, boolean onlyOtherTypes) throws IOException {
        String type = typeOf(value);
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                labelEntry(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink() || attribute.startsWith("security.")) {
                    labelEntry(file);
                }
                return FileVisitResult.CONTINUE;
            }

            private void labelEntry(Path entry) throws IOException {
                if (!onlyOtherTypes || !Xattrs.get(entry, attribute).map(TreeLabel::typeOf).orElse("").equals(type)) {
                    Xattrs.set(entry, attribute, value);
                }
            }
        });
    }

    /** The type of user:role:type:level ("" when the label has no type field). */
    private static String typeOf(String label) {
        String[] fields = label.split(":", 4);
        return fields.length >= 3 ? fields[2] : "";
    }
}
