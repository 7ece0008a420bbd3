package dev.cloister.security.seccomp;

import dev.cloister.security.seccomp.SeccompRule.Allow;
import dev.cloister.security.seccomp.SeccompRule.ArgValue;
import dev.cloister.security.seccomp.SeccompRule.Deny;
import dev.cloister.security.seccomp.SeccompRule.DenyIfArgIn;
import dev.cloister.security.seccomp.SeccompRule.DenyUnlessArgIn;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A deny-list seccomp policy: every call not denied by a rule is allowed. Fixed around the rules
 * (see {@link SeccompCompiler}): a call made through another architecture's ABI (i386 on x86_64,
 * arm32 on aarch64) kills the process, because the rules name native numbers only; an x32 call
 * on x86_64 fails with ENOSYS, as on the distribution kernels that build without x32.
 */
public record SeccompPolicy(List<SeccompRule> rules) {
    public SeccompPolicy {
        rules = List.copyOf(rules);
        Set<String> seen = new HashSet<>();
        for (SeccompRule r : rules) {
            if (!SyscallTable.isKnown(r.syscall())) {
                throw new IllegalArgumentException("seccomp rule names unknown syscall '" + r.syscall() + "'");
            }
            if (!seen.add(r.syscall())) {
                throw new IllegalArgumentException("seccomp policy has two rules for " + r.syscall());
            }
        }
    }

    /** NETLINK_NETFILTER, the protocol of nf_tables (and of the other nfnetlink subsystems). */
    static final long NETLINK_NETFILTER = 12;

    /** {@link #standard()}, with nf_tables closed unless the sandbox's config opens it. */
    public static SeccompPolicy forSandbox(boolean nftables) {
        if (nftables) {
            return standard();
        }
        List<SeccompRule> r = new ArrayList<>(standard().rules());
        r.add(new DenyIfArgIn("socket", 2, List.of(new ArgValue(NETLINK_NETFILTER, "NETLINK_NETFILTER")), Errno.EPERM,
                "nf_tables (netfilter's netlink): one of the largest sources of kernel escalations; open it with"
                        + " --allow-nftables (the protocol number also names the obsolete IPPROTO_PUP, unused)"));
        return new SeccompPolicy(r);
    }

    /** The policy every sandbox gets: kernel-global and attack-surface calls denied, systemd's needs kept. */
    public static SeccompPolicy standard() {
        List<SeccompRule> r = new ArrayList<>();
        deny(r, "replaces the running host kernel", "kexec_load", "kexec_file_load");
        deny(r, "loads code into the host kernel", "init_module", "finit_module");
        deny(r, "unloads host kernel modules", "delete_module");
        deny(r, "eBPF runs in the host kernel and is a frequent exploit path; systemd inside runs without its BPF"
                + " features", "bpf");
        deny(r, "exposes host-wide performance data and is a frequent exploit path", "perf_event_open");
        deny(r, "opens any file by handle, past path checks (the 'Shocker' escape)", "open_by_handle_at");
        deny(r, "stalls kernel page faults at will, a standard aid for exploiting kernel races", "userfaultfd");
        deny(r, "kernel keyrings are not namespaced; systemd treats EPERM as 'no keyring'",
                "keyctl", "add_key", "request_key");
        deny(r, "swap is host-wide", "swapon", "swapoff");
        deny(r, "the wall clock is host-wide (time namespaces cover only monotonic and boottime)",
                "settimeofday", "clock_settime");
        deny(r, "process accounting is host-wide", "acct");
        deny(r, "raw I/O port access to host hardware", "iopl", "ioperm");
        deny(r, "profiling interface that reveals host paths (gone since Linux 6.8)", "lookup_dcookie");
        deny(r, "disk quotas are the host's to set on its filesystems", "quotactl", "quotactl_fd");
        deny(r, "obsolete a.out library loader, a past source of kernel bugs", "uselib");
        deny(r, "obsolete binary sysctl, past /proc/sys restrictions (gone since Linux 5.5)", "_sysctl");
        deny(r, "obsolete kernel NFS server control (gone since Linux 3.1)", "nfsservctl");
        deny(r, "reads and clears the host's kernel log", "syslog");
        deny(r, "io_uring performs its operations in kernel workers this filter never sees",
                "io_uring_setup", "io_uring_enter", "io_uring_register");
        deny(r, "obsolete; nothing current uses it (denied as in Docker's profile)", "ustat", "sysfs");
        r.add(new DenyIfArgIn("ioctl", 1,
                List.of(new ArgValue(0x5412, "TIOCSTI"), new ArgValue(0x541c, "TIOCLINUX")), Errno.EPERM,
                "pushes input into a terminal, e.g. commands into the shell of whoever shared a tty"));
        r.add(new DenyUnlessArgIn("personality", 0,
                List.of(new ArgValue(0, "PER_LINUX"), new ArgValue(8, "PER_LINUX32"),
                        new ArgValue(0x20000, "UNAME26"), new ArgValue(0x20008, "PER_LINUX32|UNAME26"),
                        new ArgValue(0xffff_ffffL, "query")),
                Errno.EPERM, "other flags (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC) weaken exploit mitigations;"
                        + " Docker's allowed values"));
        allow(r, "in a PID namespace it only ends the sandbox's init; systemd inside powers off with it", "reboot");
        allow(r, "systemd inside builds namespaces for its services; the user namespace confines them",
                "clone", "clone3", "unshare", "setns");
        allow(r, "systemd inside mounts in its own mount namespace; the user namespace confines it",
                "mount", "umount2", "pivot_root");
        allow(r, "reading clock state (modes=0) is common; changing it needs CAP_SYS_TIME in the host's user"
                + " namespace, which the kernel checks", "adjtimex", "clock_adjtime");
        allow(r, "debuggers; since Linux 4.8 seccomp re-checks a call a tracer rewrote", "ptrace");
        allow(r, "systemd identifies mounts with it; it only reads a handle (open_by_handle_at is denied)",
                "name_to_handle_at");
        return new SeccompPolicy(r);
    }

    /** One line per rule, plus the fixed architecture handling, for {@code cloister inspect}. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add("default: allow");
        lines.add("kill process: any call through another architecture's ABI (i386 on x86_64, arm32 on aarch64)");
        lines.add("x32 calls on x86_64 (nr bit 30 set) fail with ENOSYS, as on kernels built without x32");
        for (SeccompRule rule : rules) {
            lines.add(switch (rule) {
                case Deny d -> "deny " + d.syscall() + " (" + d.errno() + "): " + d.reason();
                case DenyIfArgIn d -> "deny " + d.syscall() + " if args[" + d.arg() + "] is " + join(d.values())
                        + " (" + d.errno() + "): " + d.reason();
                case DenyUnlessArgIn d -> "deny " + d.syscall() + " unless args[" + d.arg() + "] is "
                        + join(d.values()) + " (" + d.errno() + "): " + d.reason();
                case Allow a -> "allow " + a.syscall() + ": " + a.reason();
            });
        }
        return lines;
    }

    private static String join(List<ArgValue> values) {
        return values.stream().map(ArgValue::toString).collect(Collectors.joining(", "));
    }

    private static void deny(List<SeccompRule> rules, String reason, String... syscalls) {
        for (String s : syscalls) {
            rules.add(new Deny(s, Errno.EPERM, reason));
        }
    }

    private static void allow(List<SeccompRule> rules, String reason, String... syscalls) {
        for (String s : syscalls) {
            rules.add(new Allow(s, reason));
        }
    }
}
