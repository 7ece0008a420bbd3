package dev.cloister.op;

import java.util.List;

/** Mount ops: run by the monitor as host root before PID 1 exists; DSTs are paths inside the new root. */
public sealed interface MountOp extends Op {

    /** The tmpfs that becomes the new root; only mount points live in it. */
    record RootTmpfs(String options, String why) implements MountOp {
        public List<String> fields() { return List.of(options); }
    }

    /** A bind mount of a host path (the shared /usr, or the sandbox's own tree). */
    record Bind(String source, String target, List<String> flags, String why) implements MountOp {
        public Bind { flags = List.copyOf(flags); }
        public List<String> fields() { return List.of(source, target, Fields.flags(flags)); }
    }

    /** A tmpfs mounted by the monitor (locked inside the sandbox). */
    record Tmpfs(String target, String options, List<String> flags, String why) implements MountOp {
        public Tmpfs { flags = List.copyOf(flags); }
        public List<String> fields() { return List.of(target, options, Fields.flags(flags)); }
    }

    record Mkdir(String target, int mode, long uid, long gid, String why) implements MountOp {
        public List<String> fields() {
            return List.of(target, Fields.octal(mode), Long.toString(uid), Long.toString(gid));
        }
    }

    record Symlink(String linkTarget, String path, String why) implements MountOp {
        public List<String> fields() { return List.of(linkTarget, path); }
    }

    /** A small file the helper writes (a mount point for a file bind, or generated content). */
    record File(String target, int mode, String content, String why) implements MountOp {
        public List<String> fields() { return List.of(target, Fields.octal(mode), content.isEmpty() ? "-" : content); }
    }

    /** Makes the root tmpfs read-only once every mount point exists in it. */
    record RootReadonly(String why) implements MountOp {
        public List<String> fields() { return List.of(); }
    }
}
