package dev.cloister.plan;

import dev.cloister.op.InitOp;
import dev.cloister.op.InitOp.Mask;
import dev.cloister.op.InitOp.Readonly;
import dev.cloister.op.MountOp;
import dev.cloister.op.MountOp.Bind;
import dev.cloister.op.MountOp.Mkdir;
import dev.cloister.op.MountOp.RootTmpfs;
import dev.cloister.op.MountOp.Symlink;
import dev.cloister.op.MountOp.Tmpfs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The root filesystem every sandbox gets: the host's /usr read-only and live, the sandbox's
 * own tree for its private paths, fresh tmpfs for /run and /tmp, a minimal /dev, and a new
 * /proc and /sys with the kernel's sensitive entries hidden or read-only.
 *
 * <p>Host paths and the tree are bound with an id-mapped mount, so host uid N appears inside
 * as uid N: files the administrator edits from the host belong to the sandbox's users inside.
 */
public final class RootfsPlanner {

    /** The tree directories bound read-write: the sandbox's private state. */
    public static final List<String> TREE_DIRS = List.of("/etc", "/var", "/root", "/home");

    /** Device nodes bound from the host; harmless ones only (what OCI runtimes create). */
    static final List<String> DEVICES = List.of("null", "zero", "full", "random", "urandom", "tty");

    /** What OCI runtimes mask in /proc and /sys: kernel memory, keys, timers, firmware. */
    static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
            "/sys/firmware", "/sys/devices/virtual/powercap", "/sys/kernel/debug",
            "/sys/kernel/tracing");

    /** Host-wide kernel knobs: visible but read-only. */
    static final List<String> READ_ONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
            "/proc/sysrq-trigger");

    private RootfsPlanner() {
    }

    /** Host-side mount steps (before PID 1 exists). */
    public static List<MountOp> hostSteps(Path tree, long uidBase, HostLayout layout) {
        String owner = "uid=" + uidBase + ",gid=" + uidBase;
        List<MountOp> steps = new ArrayList<>();
        steps.add(new RootTmpfs("mode=0755," + owner + ",size=1m,nr_inodes=4096",
                "the new root holds only mount points"));
        steps.add(new Bind("/usr", "/usr", List.of("ro", "rec", "idmap", "nodev"),
                "the host's /usr, shared read-only and live: a host upgrade reaches every sandbox"));
        for (HostLayout.TopLevel top : layout.entries()) {
            if (top.isSymlink()) {
                steps.add(new Symlink(top.symlinkTarget(), top.path(), "the host's layout (merged /usr)"));
            } else {
                steps.add(new Bind(top.path(), top.path(), List.of("ro", "rec", "idmap", "nodev"),
                        "the host's " + top.path() + ", shared read-only"));
            }
        }
        for (String dir : TREE_DIRS) {
            steps.add(new Bind(tree + dir, dir, List.of("idmap", "nodev"),
                    "the sandbox's own " + dir + ", private and editable from the host under " + tree));
        }
        for (Path dir : layout.sharedEtc()) {
            steps.add(new Bind(dir.toString(), dir.toString(), List.of("ro", "rec", "idmap", "nodev"),
                    "the host's " + dir + ": links into /usr kept by its package manager, shared read-only "
                            + "and live like /usr"));
        }
        steps.add(new Tmpfs("/tmp", "mode=1777," + owner, List.of("nosuid", "nodev"), "private scratch space"));
        steps.add(new Tmpfs("/run", "mode=0755," + owner, List.of("nosuid", "nodev"), "private runtime state"));
        steps.add(new Tmpfs("/dev", "mode=0755," + owner + ",size=64k", List.of("nosuid", "noexec"),
                "a minimal /dev: no host device is reachable"));
        for (String dev : DEVICES) {
            steps.add(new Bind("/dev/" + dev, "/dev/" + dev, List.of("nosuid", "noexec"),
                    "harmless device node /dev/" + dev));
        }
        steps.add(new Symlink("pts/ptmx", "/dev/ptmx", "pseudo-terminals from the sandbox's own devpts"));
        steps.add(new Symlink("/proc/self/fd", "/dev/fd", "standard /dev link"));
        steps.add(new Symlink("/proc/self/fd/0", "/dev/stdin", "standard /dev link"));
        steps.add(new Symlink("/proc/self/fd/1", "/dev/stdout", "standard /dev link"));
        steps.add(new Symlink("/proc/self/fd/2", "/dev/stderr", "standard /dev link"));
        steps.add(new Tmpfs("/dev/shm", "mode=1777," + owner, List.of("nosuid", "nodev"), "POSIX shared memory"));
        steps.add(new Mkdir("/dev/pts", 0755, uidBase, uidBase, "mount point of the sandbox's devpts"));
        steps.add(new Mkdir("/dev/mqueue", 0755, uidBase, uidBase, "mount point of the sandbox's mqueue"));
        steps.add(new MountOp.File("/dev/console", 0600, "", "mount point of the console pty"));
        steps.add(new Mkdir("/proc", 0555, uidBase, uidBase, "mount point of the sandbox's /proc"));
        steps.add(new Mkdir("/sys", 0555, uidBase, uidBase, "mount point of the sandbox's /sys"));
        return steps;
    }

    /** The mount flags of a kernel filesystem PID 1 mounts: nothing in it is a program or a device to open. */
    static final List<String> KERNEL_FS_FLAGS = List.of("nosuid", "nodev", "noexec");
    static final List<String> READ_ONLY_KERNEL_FS_FLAGS = List.of("ro", "nosuid", "nodev", "noexec");
    /** The why of KERNEL_FS_FLAGS. */
    static final String NO_EXEC = "; nosuid,nodev,noexec: no program runs and no device opens from it";

    /** Steps PID 1 runs inside its namespaces, before pivot_root; PTYS is the size of its devpts pool. */
    public static List<InitOp> initSteps(int ptys) {
        List<InitOp> steps = new ArrayList<>();
        steps.add(new InitOp.Proc("/proc", KERNEL_FS_FLAGS, "a /proc of the sandbox's own PID namespace" + NO_EXEC));
        steps.add(new InitOp.Sysfs("/sys", READ_ONLY_KERNEL_FS_FLAGS,
                "a read-only /sys of the sandbox's network namespace" + NO_EXEC));
        steps.add(new InitOp.Devpts("/dev/pts", ptys, "", "pseudo-terminals of the sandbox only, at most " + ptys
                + " (the kernel's pool is shared by every sandbox: one must not take it all); anyone may open ptmx, "
                + "a new pty is its owner's and group tty's (gid 5), as login and write expect; nosuid,noexec"));
        steps.add(new InitOp.Mqueue("/dev/mqueue", KERNEL_FS_FLAGS,
                "POSIX message queues of the sandbox's IPC namespace" + NO_EXEC));
        for (String path : MASKED) {
            steps.add(new Mask(path, "kernel internals no sandbox needs (OCI runtimes mask it too): /dev/null over a "
                    + "file, an empty read-only tmpfs over a directory"));
        }
        for (String path : READ_ONLY) {
            steps.add(new Readonly(path, "host-wide kernel settings: readable, never writable"));
        }
        return steps;
    }
}
