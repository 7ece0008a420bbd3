package dev.cloister.tree;

import dev.cloister.os.ProjectQuota;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The storage limit of a sandbox: its tree becomes one filesystem project (files created
 * later inherit it) with a hard block limit. Writing past it fails inside with EDQUOT; the
 * host's disk and the other sandboxes are untouched. Without a limit a sandbox can fill the
 * filesystem of /var/lib/cloister (docs/security.md).
 */
public final class TreeQuota {
    private TreeQuota() {
    }

    /** The project id of a sandbox: its uid range's index, unique like the range itself. */
    public static int projectId(long uidBase) {
        return Math.toIntExact(uidBase / 65_536);
    }

    /**
     * Puts every file of a tree no sandbox runs in into the project (links are skipped: a
     * link's own blocks are negligible and opening it would follow it) and sets the limit.
     */
    public static void apply(Path tree, int projectId, long bytes) throws IOException {
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                ProjectQuota.assign(dir, projectId, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() || attrs.isDirectory()) {
                    ProjectQuota.assign(file, projectId, false);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        ProjectQuota.limit(tree, projectId, bytes);
    }

    /** A new limit for a tree already in its project (a running sandbox's, too). */
    public static void change(Path tree, int projectId, long bytes) throws IOException {
        ProjectQuota.limit(tree, projectId, bytes);
    }
}
