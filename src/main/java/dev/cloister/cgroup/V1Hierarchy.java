package dev.cloister.cgroup;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A mounted cgroup-v1 hierarchy.
 *
 * @param mountpoint where the hierarchy's root is mounted
 * @param key        its controller field in /proc/self/cgroup, e.g. "memory", "cpu,cpuacct" or
 *                   "name=systemd" (the helper matches it exactly)
 * @param ownPath    this process's cgroup in it, e.g. "/" or "/system.slice/x.service"
 */
public record V1Hierarchy(Path mountpoint, String key, String ownPath) {

    /** The real controllers bound to this hierarchy (named hierarchies like name=systemd have none). */
    public List<String> controllers() {
        return Arrays.stream(key.split(",")).filter(c -> !c.startsWith("name=")).toList();
    }

    public boolean has(String controller) {
        return controllers().contains(controller);
    }

    /** This process's cgroup directory: the parent of the cgroups the helper creates. */
    public Path ownDir() {
        return Cgroups.dirOf(mountpoint, ownPath);
    }

    /** The kernel hides some control files on a hierarchy's root cgroup only. */
    public boolean ownIsRoot() {
        return ownPath.equals("/");
    }
}
