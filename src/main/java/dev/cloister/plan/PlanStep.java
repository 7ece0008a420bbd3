package dev.cloister.plan;

import java.util.List;

/**
 * One step of a start plan: what the C helper does, in order, and why. The helper sees only
 * {@link #op()} and {@link #args()}; {@link #reason()} is for people (inspect, and a comment
 * above each line of the compiled plan).
 */
public sealed interface PlanStep {

    /** Who runs the step: the monitor as host root before PID 1 exists, or PID 1 itself. */
    enum Phase { HOST, INIT }

    Phase phase();

    String op();

    List<String> args();

    String reason();

    /** The tmpfs that becomes the new root; only mount points live in it. */
    record RootTmpfs(String options, String reason) implements PlanStep {
        public Phase phase() { return Phase.HOST; }
        public String op() { return "root-tmpfs"; }
        public List<String> args() { return List.of(options); }
    }

    /** A bind mount of a host path (the shared /usr, or the sandbox's own tree). */
    record Bind(String source, String target, List<String> flags, String reason) implements PlanStep {
        public Bind { flags = List.copyOf(flags); }
        public Phase phase() { return Phase.HOST; }
        public String op() { return "bind"; }
        public List<String> args() { return List.of(source, target, flags.isEmpty() ? "-" : String.join(",", flags)); }
    }

    /** A tmpfs mounted by the monitor (locked inside the sandbox). */
    record Tmpfs(String target, String options, List<String> flags, String reason) implements PlanStep {
        public Tmpfs { flags = List.copyOf(flags); }
        public Phase phase() { return Phase.HOST; }
        public String op() { return "tmpfs"; }
        public List<String> args() { return List.of(target, options, flags.isEmpty() ? "-" : String.join(",", flags)); }
    }

    record Directory(String target, int mode, long uid, long gid, String reason) implements PlanStep {
        public Phase phase() { return Phase.HOST; }
        public String op() { return "mkdir"; }
        public List<String> args() {
            return List.of(target, String.format("%04o", mode), Long.toString(uid), Long.toString(gid));
        }
    }

    record Symlink(String linkTarget, String path, String reason) implements PlanStep {
        public Phase phase() { return Phase.HOST; }
        public String op() { return "symlink"; }
        public List<String> args() { return List.of(linkTarget, path); }
    }

    /** A small file the helper writes (a mount point for a file bind, or generated content). */
    record FileContent(String target, int mode, String content, String reason) implements PlanStep {
        public Phase phase() { return Phase.HOST; }
        public String op() { return "file"; }
        public List<String> args() {
            return List.of(target, String.format("%04o", mode), content.isEmpty() ? "-" : content);
        }
    }

    /** Makes the root tmpfs read-only once every mount point exists in it. */
    record RootReadOnly(String reason) implements PlanStep {
        public Phase phase() { return Phase.HOST; }
        public String op() { return "root-readonly"; }
        public List<String> args() { return List.of(); }
    }

    /** A kernel filesystem PID 1 mounts itself: proc, sysfs, devpts, mqueue. */
    record KernelFs(String type, String target, String reason) implements PlanStep {
        public Phase phase() { return Phase.INIT; }
        public String op() { return type; }
        public List<String> args() { return List.of(target); }
    }

    /**
     * A new devpts instance of at most MAX ptys (max=): the kernel's pty pool is shared by all
     * sandboxes. OPTIONS ("" for none) are added to the helper's own (the SELinux context=).
     */
    record Devpts(String target, int max, String options, String reason) implements PlanStep {
        public Phase phase() { return Phase.INIT; }
        public String op() { return "devpts"; }
        public List<String> args() {
            return options.isEmpty() ? List.of(target, Integer.toString(max)) : List.of(target, Integer.toString(max), options);
        }
    }

    /** Hides a path of the new /proc or /sys. */
    record Mask(String target, String reason) implements PlanStep {
        public Phase phase() { return Phase.INIT; }
        public String op() { return "mask"; }
        public List<String> args() { return List.of(target); }
    }

    record ReadOnly(String target, String reason) implements PlanStep {
        public Phase phase() { return Phase.INIT; }
        public String op() { return "readonly"; }
        public List<String> args() { return List.of(target); }
    }

    record Console(String target, String reason) implements PlanStep {
        public Phase phase() { return Phase.INIT; }
        public String op() { return "console"; }
        public List<String> args() { return List.of(target); }
    }

    record Pivot(String reason) implements PlanStep {
        public Phase phase() { return Phase.INIT; }
        public String op() { return "pivot"; }
        public List<String> args() { return List.of(); }
    }
}
