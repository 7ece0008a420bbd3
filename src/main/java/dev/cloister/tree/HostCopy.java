package dev.cloister.tree;

import dev.cloister.os.Helper;
import dev.cloister.os.HelperProcess;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Copies a directory tree into a sandbox tree with the helper's {@code copy-tree}
 * (native/copy.c): owners, modes, times, extended attributes and symlinks kept; sockets, fifos
 * and devices skipped; nothing followed. In C because it is most of what create does: ~15 ms
 * for the host's /etc, where the same copy in Java took ~55 ms.
 */
public record HostCopy(Helper helper) {

    /** Which entries are copied (a directory left out is left out with everything in it). */
    public enum Filter {
        EVERYTHING,
        /** Symlinks and what others may read: host files that are not world-readable are secrets by convention. */
        WORLD_READABLE
    }

    /** Copies {@code source} to {@code target} (new, or an empty directory), keeping what {@code filter} accepts. */
    public void copy(Path source, Path target, Filter filter) throws IOException {
        copy(source, target, filter, Set.of());
    }

    /**
     * {@link #copy(Path, Path, Filter)}, with the directories {@code emptied} (relative to
     * {@code source}) made empty, with their owner and mode: mount points for what is not copied.
     */
    public void copy(Path source, Path target, Filter filter, Set<Path> emptied) throws IOException {
        copy(source, target, filter, emptied, Set.of());
    }

    /** {@link #copy(Path, Path, Filter, Set)}, leaving the entries {@code leftOut} (relative) on the host. */
    public void copy(Path source, Path target, Filter filter, Set<Path> emptied, Set<Path> leftOut) throws IOException {
        List<String> command = new ArrayList<>(List.of("copy-tree"));
        for (Path entry : leftOut) {
            command.add("--leave-out");
            command.add(entry.toString());
        }
        if (filter == Filter.WORLD_READABLE) {
            command.add("--world-readable");
        }
        for (Path dir : emptied) {
            command.add("--empty");
            command.add(dir.toString());
        }
        command.add(source.toAbsolutePath().toString());
        command.add(target.toAbsolutePath().toString());
        // copy-tree prints nothing but its errors
        HelperProcess.Output out = helper.run(command);
        if (out.status() != 0) {
            throw new IOException(out.text().isEmpty() ? "copying " + source + " failed (helper exit " + out.status() + ")"
                    : out.text());
        }
    }
}
