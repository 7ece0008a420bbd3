package dev.cloister.security.seccomp;

import static dev.cloister.security.seccomp.BpfInterpreter.run;
import static dev.cloister.security.seccomp.BpfInterpreter.seccompData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloister.security.seccomp.SeccompRule.ArgValue;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SeccompCompilerTest {
    // Literal values from linux/seccomp.h and linux/audit.h, not the compiler's constants.
    private static final int ALLOW = 0x7fff_0000;
    private static final int EPERM = 0x0005_0001;
    private static final int ENOSYS = 0x0005_0026;
    private static final int KILL_PROCESS = 0x8000_0000;
    private static final int AUDIT_ARCH_I386 = 0x4000_0003;
    private static final int AUDIT_ARCH_ARM = 0x4000_0028;

    private static final SeccompPolicy STANDARD = SeccompPolicy.standard();

    private static int call(Arch arch, String syscall, long... args) {
        int nr = SyscallTable.number(syscall, arch).orElseThrow();
        return run(SeccompCompiler.compile(STANDARD, arch), seccompData(arch.auditArch(), nr, args));
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void everyDeniedSyscallFailsWithEperm(Arch arch) {
        List<String> denied = STANDARD.rules().stream()
                .filter(r -> r instanceof SeccompRule.Deny)
                .map(SeccompRule::syscall)
                .filter(s -> SyscallTable.number(s, arch).isPresent())
                .toList();
        assertThat(denied).contains("kexec_load", "init_module", "bpf", "io_uring_setup", "syslog");
        for (String s : denied) {
            assertThat(call(arch, s)).as(s).isEqualTo(EPERM);
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void systemdsCallsAreAllowed(Arch arch) {
        for (String s : List.of("read", "write", "openat", "execve", "clone", "clone3", "unshare", "setns",
                "mount", "umount2", "pivot_root", "reboot", "adjtimex", "clock_adjtime", "ptrace",
                "name_to_handle_at")) {
            assertThat(call(arch, s)).as(s).isEqualTo(ALLOW);
        }
        assertThat(run(SeccompCompiler.compile(STANDARD, arch), seccompData(arch.auditArch(), 999)))
                .as("a number no rule names").isEqualTo(ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void terminalInjectionIoctlsAreDenied(Arch arch) {
        assertThat(call(arch, "ioctl", 0, 0x5412)).as("TIOCSTI").isEqualTo(EPERM);
        assertThat(call(arch, "ioctl", 0, 0x541c)).as("TIOCLINUX").isEqualTo(EPERM);
        // The kernel truncates the request to 32 bits, so high bits must not dodge the rule.
        assertThat(call(arch, "ioctl", 0, 0x1_0000_5412L)).as("TIOCSTI with high bits").isEqualTo(EPERM);
        assertThat(call(arch, "ioctl", 0, 0x5401)).as("TCGETS").isEqualTo(ALLOW);
        assertThat(call(arch, "ioctl", 0x5412, 0x5401)).as("TIOCSTI as fd, not request").isEqualTo(ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void personalityAllowsOnlyDockersValues(Arch arch) {
        for (long ok : new long[] {0, 8, 0x20000, 0x20008, 0xffff_ffffL, 0x1_0000_0000L}) {
            assertThat(call(arch, "personality", ok)).as("0x%x", ok).isEqualTo(ALLOW);
        }
        assertThat(call(arch, "personality", 0x004_0000)).as("ADDR_NO_RANDOMIZE").isEqualTo(EPERM);
        assertThat(call(arch, "personality", 0x040_0000)).as("READ_IMPLIES_EXEC").isEqualTo(EPERM);
    }

    @Test
    void foreignArchitecturesAreKilled() {
        byte[] x86 = SeccompCompiler.compile(STANDARD, Arch.X86_64);
        byte[] arm = SeccompCompiler.compile(STANDARD, Arch.AARCH64);
        assertThat(run(x86, seccompData(AUDIT_ARCH_I386, 3))).as("i386 read").isEqualTo(KILL_PROCESS);
        assertThat(run(x86, seccompData(Arch.AARCH64.auditArch(), 63))).isEqualTo(KILL_PROCESS);
        assertThat(run(arm, seccompData(AUDIT_ARCH_ARM, 3))).as("arm32 read").isEqualTo(KILL_PROCESS);
        assertThat(run(arm, seccompData(Arch.X86_64.auditArch(), 0))).isEqualTo(KILL_PROCESS);
    }

    @Test
    void x32CallsFailWithEnosysOnX86_64() {
        byte[] x86 = SeccompCompiler.compile(STANDARD, Arch.X86_64);
        int x86Arch = Arch.X86_64.auditArch();
        assertThat(run(x86, seccompData(x86Arch, 0x4000_0000))).as("x32 read").isEqualTo(ENOSYS);
        assertThat(run(x86, seccompData(x86Arch, 0x4000_0000 | 528))).as("x32 kexec_load").isEqualTo(ENOSYS);
        assertThat(run(x86, seccompData(x86Arch, -1))).as("nr -1, ENOSYS as the kernel answers").isEqualTo(ENOSYS);
        // aarch64 has no x32: such a number is just unknown, and the kernel answers ENOSYS itself.
        byte[] arm = SeccompCompiler.compile(STANDARD, Arch.AARCH64);
        assertThat(run(arm, seccompData(Arch.AARCH64.auditArch(), 0x4000_0000))).isEqualTo(ALLOW);
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void programIsWellFormedAndLittleEndian(Arch arch) {
        byte[] program = SeccompCompiler.compile(STANDARD, arch);
        assertThat(program.length % 8).isZero();
        assertThat(program.length / 8).isLessThanOrEqualTo(4096);
        BpfInterpreter.verify(BpfInterpreter.decode(program));
        // ld [4] (the arch field): code 0x0020, jt 0, jf 0, k 4.
        assertThat(java.util.Arrays.copyOf(program, 8)).containsExactly(0x20, 0, 0, 0, 4, 0, 0, 0);
    }

    @Test
    void longValueListsNeedNoEightBitJumps() {
        List<ArgValue> many = LongStream.range(1000, 1300).mapToObj(v -> new ArgValue(v, "v" + v)).toList();
        SeccompPolicy p = new SeccompPolicy(List.of(
                new SeccompRule.DenyUnlessArgIn("personality", 0, many, Errno.EPERM, "test"),
                new SeccompRule.DenyIfArgIn("ioctl", 1, many, Errno.EPERM, "test"),
                new SeccompRule.Deny("syslog", Errno.EPERM, "test")));
        byte[] program = SeccompCompiler.compile(p, Arch.X86_64);
        int arch = Arch.X86_64.auditArch();
        assertThat(program.length / 8).isGreaterThan(1000);
        assertThat(run(program, seccompData(arch, 135, 1000))).isEqualTo(ALLOW);
        assertThat(run(program, seccompData(arch, 135, 1299))).isEqualTo(ALLOW);
        assertThat(run(program, seccompData(arch, 135, 999))).isEqualTo(EPERM);
        assertThat(run(program, seccompData(arch, 16, 0, 1299))).isEqualTo(EPERM);
        assertThat(run(program, seccompData(arch, 16, 0, 1300))).isEqualTo(ALLOW);
        assertThat(run(program, seccompData(arch, 103))).as("rule after the long blocks").isEqualTo(EPERM);
    }

    @Test
    void refusesPoliciesLongerThanTheKernelAccepts() {
        List<ArgValue> many = LongStream.range(0, 2100).mapToObj(v -> new ArgValue(v, "v" + v)).toList();
        SeccompPolicy p = new SeccompPolicy(List.of(new SeccompRule.DenyIfArgIn("ioctl", 1, many, Errno.EPERM, "t")));
        assertThatThrownBy(() -> SeccompCompiler.compile(p, Arch.X86_64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 4096");
    }

    @Test
    void hostArchitectureFromOsArch() {
        assertThat(Arch.forOsArch("amd64")).isEqualTo(Arch.X86_64);
        assertThat(Arch.forOsArch("aarch64")).isEqualTo(Arch.AARCH64);
        assertThatThrownBy(() -> Arch.forOsArch("ppc64le")).hasMessageContaining("ppc64le");
    }
}
