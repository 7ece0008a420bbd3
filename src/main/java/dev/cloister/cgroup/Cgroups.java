package dev.cloister.cgroup;

import java.nio.file.Path;

/** Small path helpers shared by the layout and the drivers. */
final class Cgroups {
    private Cgroups() {
    }

    /** The directory of cgroup PATH (as /proc/self/cgroup prints it) in a hierarchy mounted at MOUNTPOINT. */
    static Path dirOf(Path mountpoint, String path) {
        String relative = path.replaceFirst("^/+", "");
        return relative.isEmpty() ? mountpoint : mountpoint.resolve(relative);
    }
}
