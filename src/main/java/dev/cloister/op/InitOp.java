package dev.cloister.op;

import java.util.List;

/** Init ops: run by PID 1 itself, in order, inside its namespaces; exec is the last. */
public sealed interface InitOp extends Op {

    /** An init op whose one field is a path inside the sandbox. */
    sealed interface AtPath extends InitOp {
        String target();

        default List<String> fields() { return List.of(target()); }
    }

    /** An init op whose one field is a bit mask, written in hex. */
    sealed interface Bits extends InitOp {
        long bits();

        default List<String> fields() { return List.of(Fields.hex(bits())); }
    }

    record Hostname(String hostname, String why) implements InitOp {
        public List<String> fields() { return List.of(hostname); }
    }

    record Proc(String target, String why) implements AtPath { }

    record Sysfs(String target, String why) implements AtPath { }

    /** A new devpts instance of at most MAX ptys (max=): the kernel's pty pool is shared by all sandboxes. */
    /** OPTIONS ("" for none) are added to the helper's own (the SELinux context=). */
    record Devpts(String target, int max, String options, String why) implements InitOp {
        public List<String> fields() {
            return options.isEmpty() ? List.of(target, Integer.toString(max)) : List.of(target, Integer.toString(max), options);
        }
    }

    record Mqueue(String target, String why) implements AtPath { }

    /** The cgroup2 filesystem, rooted at the sandbox's cgroup by its cgroup namespace. */
    record Cgroupfs(String target, String why) implements AtPath { }

    /** Hides a path of the new /proc or /sys. */
    record Mask(String target, String why) implements AtPath { }

    record Readonly(String target, String why) implements AtPath { }

    record Console(String target, String why) implements AtPath { }

    record Pivot(String why) implements InitOp {
        public List<String> fields() { return List.of(); }
    }

    /** The bounding set: exactly the capabilities of BITS. */
    record CapBound(long bits, String why) implements Bits { }

    /** Permitted, effective and inheritable sets. */
    record Caps(long bits, String why) implements Bits { }

    record NoNewPrivs(String why) implements InitOp {
        public List<String> fields() { return List.of(); }
    }

    /** A Landlock ruleset handling these filesystem rights. */
    record LandlockFs(long bits, String why) implements Bits { }

    record LandlockPath(String path, long access, String why) implements InitOp {
        public List<String> fields() { return List.of(path, Fields.hex(access)); }
    }

    /** Landlock's scopes: what signals and abstract unix sockets may reach. */
    record LandlockScope(long bits, String why) implements Bits { }

    record SelinuxExec(String label, String why) implements InitOp {
        public List<String> fields() { return List.of(label); }
    }

    /** One KEY=VALUE of the command's environment (it gets only these). */
    record Env(String variable, String why) implements InitOp {
        public List<String> fields() { return List.of(variable); }
    }

    record Cwd(String target, String why) implements AtPath { }

    record Exec(List<String> argv, String why) implements InitOp {
        public Exec { argv = List.copyOf(argv); }
        public List<String> fields() { return argv; }
    }
}
