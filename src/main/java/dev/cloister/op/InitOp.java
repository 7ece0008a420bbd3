package dev.cloister.op;

import java.nio.file.Path;
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

    /**
     * A new instance of a kernel filesystem at TARGET, mounted with FLAGS (a subset of ro, nosuid, nodev, noexec: the
     * helper adds none of its own).
     */
    sealed interface KernelFs extends InitOp {
        String target();

        List<String> flags();

        default List<String> fields() { return List.of(target(), Fields.flags(flags())); }
    }

    record Proc(String target, List<String> flags, String why) implements KernelFs {
        public Proc { flags = List.copyOf(flags); }
    }

    record Sysfs(String target, List<String> flags, String why) implements KernelFs {
        public Sysfs { flags = List.copyOf(flags); }
    }

    /**
     * A new devpts instance: {@code newinstance} (the sandbox's own ptys, not the host's), {@code ptmxmode=0666}
     * (anyone inside may open its ptmx, as on a host), {@code mode=0620,gid=5} (a new pty is its owner's and writable
     * by group tty, gid 5 in the base-passwd of Debian and Fedora alike, as login and write(1) expect), {@code max=MAX}
     * (the kernel's pool, kernel.pty.max, is shared by every sandbox: one must not take it all), then LABELOPTION
     * ("" for none: the SELinux {@code context="…"}). Mounted {@code nosuid,noexec}, not nodev: its ptys are devices.
     */
    record Devpts(String target, int max, String labelOption, String why) implements InitOp {
        public static final String OPTIONS = "newinstance,ptmxmode=0666,mode=0620,gid=5";
        public static final List<String> FLAGS = List.of("nosuid", "noexec");

        public Devpts {
            if (max < 1) {
                throw new IllegalArgumentException("devpts needs room for at least one pty, not " + max);
            }
        }

        /** The whole option list, as the helper passes it to the kernel. */
        public String options() {
            return OPTIONS + ",max=" + max + (labelOption.isEmpty() ? "" : "," + labelOption);
        }

        public List<String> fields() { return List.of(target, options(), Fields.flags(FLAGS)); }
    }

    record Mqueue(String target, List<String> flags, String why) implements KernelFs {
        public Mqueue { flags = List.copyOf(flags); }
    }

    /** The cgroup2 filesystem, rooted at the sandbox's cgroup by its cgroup namespace. */
    record Cgroupfs(String target, List<String> flags, String why) implements KernelFs {
        public Cgroupfs { flags = List.copyOf(flags); }
    }

    /**
     * Hides a path of the new /proc or /sys: a file gets /dev/null bound over it, a directory a tmpfs with
     * {@code mode=0555,nr_inodes=1} (room for its root only: it stays empty) mounted {@code ro,nosuid,nodev,noexec}.
     */
    record Mask(String target, String why) implements InitOp {
        public static final String OPTIONS = "mode=0555,nr_inodes=1";
        public static final List<String> FLAGS = List.of("ro", "nosuid", "nodev", "noexec");

        public List<String> fields() { return List.of(target, OPTIONS, Fields.flags(FLAGS)); }
    }

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

    /**
     * Loads the seccomp filter in FILE (a host path: the helper reads it before PID 1 exists) at this op's place: the
     * last confinement step, after which only env, cwd and exec may come, so that the filter never stands between
     * PID 1 and its own remaining steps; like Landlock it needs no-new-privs or CAP_SYS_ADMIN.
     */
    record SeccompLoad(Path file, String why) implements InitOp {
        public List<String> fields() { return List.of(file.toString()); }
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
