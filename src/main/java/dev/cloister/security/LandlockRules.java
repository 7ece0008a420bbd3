package dev.cloister.security;

import java.util.ArrayList;
import java.util.List;

/**
 * A Landlock ruleset: the filesystem rights the sandbox's domain handles, the paths where it
 * gets some of them back, and the IPC scopes (ABI 6) that keep its signals and abstract unix
 * sockets inside the domain. The helper intersects every mask with the running kernel's ABI.
 *
 * <p>A domain that handles filesystem rights forbids every mount operation, so a sandbox whose
 * PID 1 is systemd (which mounts for PrivateTmp= and friends) gets only the scopes.
 */
public record LandlockRules(long handledFs, List<PathRule> paths, long scopes) {

    public static final long EXECUTE = 1L;
    public static final long WRITE_FILE = 1L << 1;
    public static final long READ_FILE = 1L << 2;
    public static final long READ_DIR = 1L << 3;
    public static final long REMOVE_DIR = 1L << 4;
    public static final long REMOVE_FILE = 1L << 5;
    public static final long MAKE_CHAR = 1L << 6;
    public static final long MAKE_DIR = 1L << 7;
    public static final long MAKE_REG = 1L << 8;
    public static final long MAKE_SOCK = 1L << 9;
    public static final long MAKE_FIFO = 1L << 10;
    public static final long MAKE_BLOCK = 1L << 11;
    public static final long MAKE_SYM = 1L << 12;
    public static final long REFER = 1L << 13;
    public static final long TRUNCATE = 1L << 14;
    public static final long IOCTL_DEV = 1L << 15;

    public static final long SCOPE_ABSTRACT_UNIX_SOCKET = 1L;
    public static final long SCOPE_SIGNAL = 1L << 1;

    public static final long READ = EXECUTE | READ_FILE | READ_DIR;
    /** Everything but device nodes: a sandbox writes files, never makes devices. */
    public static final long WRITE = WRITE_FILE | REMOVE_DIR | REMOVE_FILE | MAKE_DIR | MAKE_REG | MAKE_SOCK
            | MAKE_FIFO | MAKE_SYM | REFER | TRUNCATE;
    public static final long ALL_FS = (1L << 16) - 1;
    public static final long ALL_SCOPES = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL;

    /** One path and the rights its whole hierarchy gets back. */
    public record PathRule(String path, long access, String reason) {
    }

    public LandlockRules {
        paths = List.copyOf(paths);
    }

    /** Scopes only: for systemd sandboxes (see the class comment). */
    public static LandlockRules scopesOnly() {
        return new LandlockRules(0, List.of(), ALL_SCOPES);
    }

    /**
     * Filesystem rules for a generic sandbox: read and execute everywhere (the mounts already
     * decide what exists), write only where the sandbox has its own writable paths, plus device
     * ioctls on /dev (terminals).
     */
    public static LandlockRules forGeneric(List<String> writablePaths) {
        List<PathRule> rules = new ArrayList<>();
        rules.add(new PathRule("/", READ, "read and execute what the mounts show"));
        for (String p : writablePaths) {
            rules.add(new PathRule(p, READ | WRITE, "the sandbox's own writable path"));
        }
        rules.add(new PathRule("/dev", READ | WRITE_FILE | TRUNCATE | IOCTL_DEV, "terminals and /dev/null"));
        // the exec server opens ptys through a detached clone of the devpts mount, where
        // Landlock's walk stops at the devpts root: the rule must sit on that root itself
        rules.add(new PathRule("/dev/pts", READ | WRITE_FILE | IOCTL_DEV, "ptys for execute and connect"));
        rules.add(new PathRule("/proc", READ | WRITE_FILE, "the sandbox's own /proc entries"));
        return new LandlockRules(ALL_FS, rules, ALL_SCOPES);
    }

    public boolean handlesFilesystem() {
        return handledFs != 0;
    }
}
