package dev.cloister.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/** How the host's cgroup hierarchies are mounted, as seen by this process. */
public sealed interface CgroupLayout {

    /** Pure cgroup v2: every controller lives in the one hierarchy. */
    record Unified(V2Hierarchy hierarchy) implements CgroupLayout {
    }

    /**
     * Controllers on cgroup-v1 hierarchies (legacy or hybrid), possibly with an extra cgroup-v2
     * hierarchy (usually controller-less, at /sys/fs/cgroup/unified).
     */
    record Hybrid(List<V1Hierarchy> hierarchies, Optional<V2Hierarchy> unified) implements CgroupLayout {
        public Hybrid {
            hierarchies = List.copyOf(hierarchies);
        }

        /** The hierarchy carrying CONTROLLER, if one is mounted. */
        public Optional<V1Hierarchy> withController(String controller) {
            return hierarchies.stream().filter(h -> h.has(controller)).findFirst();
        }
    }

    /** The layout of the running host. */
    static CgroupLayout ofHost() {
        return detect(Path.of("/proc/self/mountinfo"), Path.of("/proc/self/cgroup"));
    }

    /** Reads the layout from a mountinfo file and the matching /proc/PID/cgroup file. */
    static CgroupLayout detect(Path mountinfo, Path procSelfCgroup) {
        List<MountInfo> mounts;
        List<ProcCgroup> own;
        try {
            mounts = MountInfo.parse(Files.readString(mountinfo));
            own = ProcCgroup.parse(Files.readString(procSelfCgroup));
        } catch (IOException e) {
            throw new CgroupException("cannot read " + mountinfo + " or " + procSelfCgroup + ": " + e.getMessage(), e);
        }
        Optional<V2Hierarchy> v2 = own.stream().filter(ProcCgroup::isUnified).findFirst()
                .flatMap(e -> mountOf(mounts, "cgroup2", List.of())
                        .map(m -> new V2Hierarchy(Path.of(m.mountpoint()), e.path())));
        List<V1Hierarchy> v1 = own.stream().filter(e -> !e.isUnified())
                .flatMap(e -> mountOf(mounts, "cgroup", List.of(e.key().split(",")))
                        .map(m -> new V1Hierarchy(Path.of(m.mountpoint()), e.key(), e.path())).stream())
                .toList();
        if (v1.stream().anyMatch(h -> !h.controllers().isEmpty())) {
            return new Hybrid(v1, v2);
        }
        return v2.<CgroupLayout>map(Unified::new).orElseThrow(() -> new CgroupException(
                "no cgroup hierarchy of this process is mounted (checked " + mountinfo
                        + "): mount cgroup2 on /sys/fs/cgroup"));
    }

    /**
     * The first whole-hierarchy mount (root "/") of FSTYPE whose super options name every item
     * of a v1 key; a bind mount of a subtree would not match the paths in /proc/self/cgroup.
     */
    private static Optional<MountInfo> mountOf(List<MountInfo> mounts, String fsType, List<String> keyItems) {
        return mounts.stream()
                .filter(m -> m.fsType().equals(fsType) && m.root().equals("/"))
                .filter(m -> new HashSet<>(m.superOptions()).containsAll(keyItems))
                .findFirst();
    }
}
