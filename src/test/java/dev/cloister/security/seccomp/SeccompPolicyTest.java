package dev.cloister.security.seccomp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeccompPolicyTest {
    private static final SeccompPolicy STANDARD = SeccompPolicy.standard();

    @Test
    void standardDeniesDockersKernelWideCalls() {
        List<String> denied = STANDARD.rules().stream()
                .filter(r -> r instanceof SeccompRule.Deny)
                .map(SeccompRule::syscall)
                .toList();
        assertThat(denied).contains("kexec_load", "kexec_file_load", "init_module", "finit_module",
                "delete_module", "bpf", "perf_event_open", "open_by_handle_at", "userfaultfd", "keyctl",
                "add_key", "request_key", "swapon", "swapoff", "settimeofday", "clock_settime", "acct", "iopl",
                "ioperm", "lookup_dcookie", "quotactl", "uselib", "_sysctl", "nfsservctl", "syslog",
                "io_uring_setup", "io_uring_enter", "io_uring_register");
        assertThat(denied).doesNotContain("reboot", "clone", "clone3", "unshare", "mount", "adjtimex");
    }

    @Test
    void summaryExplainsEveryRule() {
        List<String> lines = STANDARD.summary();
        assertThat(lines).hasSize(STANDARD.rules().size() + 3);
        assertThat(lines).contains("deny kexec_load (EPERM): replaces the running host kernel");
        assertThat(lines).anyMatch(l -> l.startsWith("deny ioctl if args[1] is TIOCSTI (0x5412), TIOCLINUX (0x541c)"));
        assertThat(lines).anyMatch(l -> l.startsWith("deny personality unless args[0] is PER_LINUX (0x0)"));
        assertThat(lines).anyMatch(l -> l.startsWith("allow reboot: "));
        assertThat(lines).anyMatch(l -> l.startsWith("kill process: "));
    }

    @Test
    void rejectsUnknownAndDuplicateSyscalls() {
        assertThatThrownBy(() -> new SeccompPolicy(List.of(new SeccompRule.Deny("kexec_lod", Errno.EPERM, "typo"))))
                .hasMessageContaining("unknown syscall 'kexec_lod'");
        assertThatThrownBy(() -> new SeccompPolicy(List.of(
                new SeccompRule.Deny("bpf", Errno.EPERM, "a"), new SeccompRule.Allow("bpf", "b"))))
                .hasMessageContaining("two rules for bpf");
    }

    @Test
    void argumentRulesAreChecked() {
        assertThatThrownBy(() -> new SeccompRule.ArgValue(0x1_0000_0000L, "wide"))
                .hasMessageContaining("32 bits");
        assertThatThrownBy(() -> new SeccompRule.DenyIfArgIn("ioctl", 6,
                List.of(new SeccompRule.ArgValue(1, "x")), Errno.EPERM, "r"))
                .hasMessageContaining("0..5");
        assertThatThrownBy(() -> new SeccompRule.DenyIfArgIn("ioctl", 1,
                List.of(new SeccompRule.ArgValue(1, "x"), new SeccompRule.ArgValue(1, "y")), Errno.EPERM, "r"))
                .hasMessageContaining("distinct");
    }
}
