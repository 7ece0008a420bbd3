package dev.cloister.security.seccomp;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Syscall names and numbers on x86_64 ({@code asm/unistd_64.h}) and aarch64 (the generic table,
 * {@code asm-generic/unistd.h}). Covers every syscall a policy names plus a few basic ones;
 * a name with no number on an architecture does not exist there (e.g. iopl on aarch64).
 */
public final class SyscallTable {
    private static final int NONE = -1;

    private record Entry(String name, int x86_64, int aarch64) {
        int number(Arch arch) {
            return switch (arch) {
                case X86_64 -> x86_64;
                case AARCH64 -> aarch64;
            };
        }
    }

    private static final List<Entry> ENTRIES = List.of(
            new Entry("read", 0, 63),
            new Entry("write", 1, 64),
            new Entry("openat", 257, 56),
            new Entry("execve", 59, 221),
            new Entry("ioctl", 16, 29),
            new Entry("socket", 41, 198),
            new Entry("clone", 56, 220),
            new Entry("clone3", 435, 435),
            new Entry("unshare", 272, 97),
            new Entry("setns", 308, 268),
            new Entry("mount", 165, 40),
            new Entry("umount2", 166, 39),
            new Entry("pivot_root", 155, 41),
            new Entry("reboot", 169, 142),
            new Entry("ptrace", 101, 117),
            new Entry("personality", 135, 92),
            new Entry("name_to_handle_at", 303, 264),
            new Entry("open_by_handle_at", 304, 265),
            new Entry("kexec_load", 246, 104),
            new Entry("kexec_file_load", 320, 294),
            new Entry("init_module", 175, 105),
            new Entry("finit_module", 313, 273),
            new Entry("delete_module", 176, 106),
            new Entry("bpf", 321, 280),
            new Entry("perf_event_open", 298, 241),
            new Entry("userfaultfd", 323, 282),
            new Entry("keyctl", 250, 219),
            new Entry("add_key", 248, 217),
            new Entry("request_key", 249, 218),
            new Entry("swapon", 167, 224),
            new Entry("swapoff", 168, 225),
            new Entry("settimeofday", 164, 170),
            new Entry("clock_settime", 227, 112),
            new Entry("adjtimex", 159, 171),
            new Entry("clock_adjtime", 305, 266),
            new Entry("acct", 163, 89),
            new Entry("iopl", 172, NONE),
            new Entry("ioperm", 173, NONE),
            new Entry("lookup_dcookie", 212, 18),
            new Entry("quotactl", 179, 60),
            new Entry("quotactl_fd", 443, 443),
            new Entry("uselib", 134, NONE),
            new Entry("_sysctl", 156, NONE),
            new Entry("nfsservctl", 180, 42),
            new Entry("syslog", 103, 116),
            new Entry("ustat", 136, NONE),
            new Entry("sysfs", 139, NONE),
            new Entry("io_uring_setup", 425, 425),
            new Entry("io_uring_enter", 426, 426),
            new Entry("io_uring_register", 427, 427));

    private static final Map<String, Entry> BY_NAME =
            ENTRIES.stream().collect(Collectors.toUnmodifiableMap(Entry::name, Function.identity()));

    private SyscallTable() {
    }

    /** Every name this table knows, on any architecture. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    public static boolean isKnown(String name) {
        return BY_NAME.containsKey(name);
    }

    /** The call's number on {@code arch}; empty when the name is unknown or the call absent there. */
    public static OptionalInt number(String name, Arch arch) {
        Entry e = BY_NAME.get(name);
        return e == null || e.number(arch) == NONE ? OptionalInt.empty() : OptionalInt.of(e.number(arch));
    }

    /** The name of call {@code nr} on {@code arch}, when this table knows it. */
    public static Optional<String> name(int nr, Arch arch) {
        return ENTRIES.stream().filter(e -> e.number(arch) == nr && nr != NONE).map(Entry::name).findFirst();
    }
}
