package dev.cloister.cgroup;

import java.nio.file.Path;

/**
 * The mounted cgroup-v2 hierarchy.
 *
 * @param mountpoint where it is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on hybrid hosts)
 * @param ownPath    this process's cgroup in it (the {@code 0::} line of /proc/self/cgroup)
 */
public record V2Hierarchy(Path mountpoint, String ownPath) {

    /** This process's cgroup directory: the parent of the cgroups the helper creates. */
    public Path ownDir() {
        return Cgroups.dirOf(mountpoint, ownPath);
    }
}
