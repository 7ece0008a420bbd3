package dev.cloister.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What Debian 12's kernel (6.1, Landlock ABI 2) and older ones leave out of a sandbox's Landlock rules. */
class KernelDegradationsTest {
    private static final LandlockRules GENERIC = LandlockRules.forGeneric(List.of("/tmp", "/var"));
    private static final LandlockRules SERVICE = LandlockRules.scopesOnly();

    @Test
    void onANewKernelNothingIsLost() {
        assertThat(KernelDegradations.of(6, GENERIC)).isEmpty();
        assertThat(KernelDegradations.of(7, SERVICE)).isEmpty();
    }

    @Test
    void onLinux61AGenericSandboxLosesTruncateDeviceIoctlsAndScopesAndSaysWhatCoversThem() {
        List<String> lost = KernelDegradations.of(2, GENERIC);
        assertThat(lost).hasSize(3);
        assertThat(lost.get(0)).contains("truncate", "ABI 3", "read-only mounts");
        assertThat(lost.get(1)).contains("ioctl", "ABI 5", "seccomp");
        assertThat(lost.get(2)).contains("scoping", "ABI 6", "PID namespace");
    }

    @Test
    void aServiceSandboxHasOnlyScopesToLose() {
        assertThat(KernelDegradations.of(2, SERVICE)).singleElement().asString().contains("ABI 6");
        assertThat(KernelDegradations.of(0, SERVICE)).singleElement().asString().contains("no Landlock");
        assertThat(KernelDegradations.of(0, GENERIC)).singleElement().asString()
                .contains("no Landlock", "filesystem rules are not enforced");
    }
}
