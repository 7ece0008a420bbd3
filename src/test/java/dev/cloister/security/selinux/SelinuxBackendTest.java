package dev.cloister.security.selinux;

import dev.cloister.spec.SecurityLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SELinux backend's decisions, on fixture hosts (no SELinux needed). */
class SelinuxBackendTest {
    @TempDir
    Path root;

    private void selinuxfs(boolean mounted, String enforce) throws IOException {
        Files.createDirectories(root.resolve("sys/fs/selinux"));
        Files.writeString(root.resolve("sys/fs/selinux/enforce"), enforce);
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/mounts"), "proc /proc proc rw 0 0\n"
                + (mounted ? "selinuxfs /sys/fs/selinux selinuxfs rw,relatime 0 0\n" : ""));
    }

    private void policy(String name, String lxcContexts) throws IOException {
        Files.createDirectories(root.resolve("etc/selinux/" + name + "/contexts"));
        Files.writeString(root.resolve("etc/selinux/config"), "SELINUX=enforcing\nSELINUXTYPE=" + name + "\n");
        if (lxcContexts != null) {
            Files.writeString(root.resolve("etc/selinux/" + name + "/contexts/lxc_contexts"), lxcContexts);
        }
    }

    @Test
    void disabledWithoutSelinuxfs() throws IOException {
        Files.createDirectories(root.resolve("proc/self"));
        Files.writeString(root.resolve("proc/self/mounts"), "proc /proc proc rw 0 0\n");
        SelinuxHost host = new SelinuxHost(root, c -> true);
        assertThat(host.enabled()).isFalse();
        assertThat(host.enforcing()).isEmpty();
        assertThat(SelinuxLabels.types(host)).isEmpty();
    }

    @Test
    void anEnforceFileWithoutTheMountIsNotEnabled() throws IOException {
        selinuxfs(false, "1");
        assertThat(new SelinuxHost(root, c -> true).enabled()).isFalse();
    }

    @Test
    void enabledWhenSelinuxfsIsMounted() throws IOException {
        selinuxfs(true, "0");
        SelinuxHost host = new SelinuxHost(root, c -> true);
        assertThat(host.enabled()).isTrue();
        assertThat(host.enforcing()).contains(false);
    }

    /** Fedora/RHEL with container-selinux: lxc_contexts names types the loaded policy defines. */
    @Test
    void currentPolicyGetsContainerTypesFromLxcContexts() throws IOException {
        selinuxfs(true, "1");
        policy("targeted", """
                process = "system_u:system_r:container_t:s0"
                content = "system_u:object_r:virt_var_lib_t:s0"
                file = "system_u:object_r:container_file_t:s0"
                ro_file="system_u:object_r:container_ro_file_t:s0"
                """);
        Set<String> loaded = Set.of("system_u:system_r:container_t:s0", "system_u:object_r:container_file_t:s0");
        SelinuxLabels.Types t = SelinuxLabels.types(new SelinuxHost(root, loaded::contains)).orElseThrow();
        assertThat(t.process()).isEqualTo("container_t");
        assertThat(t.file()).isEqualTo("container_file_t");
        SelinuxLabels l = SelinuxLabels.decide(t, SecurityLevel.parse("s0:c1,c2"), Optional.empty());
        assertThat(l.processLabel()).isEqualTo("system_u:system_r:container_t:s0:c1,c2");
        assertThat(l.fileLabel()).isEqualTo("system_u:object_r:container_file_t:s0:c1,c2");
        assertThat(l.mountContextOption()).isEqualTo("context=\"system_u:object_r:container_file_t:s0:c1,c2\"");
    }

    @Test
    void olderPolicyGetsSvirtTypesFromLxcContexts() throws IOException {
        selinuxfs(true, "1");
        policy("mls", """
                # the original's era
                process = "system_u:system_r:svirt_lxc_net_t:s0"
                file = "system_u:object_r:svirt_sandbox_file_t:s0"
                """);
        Set<String> loaded = Set.of("system_u:system_r:svirt_lxc_net_t:s0", "system_u:object_r:svirt_sandbox_file_t:s0");
        SelinuxLabels.Types t = SelinuxLabels.types(new SelinuxHost(root, loaded::contains)).orElseThrow();
        assertThat(SelinuxLabels.decide(t, SecurityLevel.parse("s0:c5"), Optional.empty()))
                .isEqualTo(new SelinuxLabels("system_u:system_r:svirt_lxc_net_t:s0:c5",
                        "system_u:object_r:svirt_sandbox_file_t:s0:c5"));
    }

    @Test
    void withoutLxcContextsTheKernelPolicyIsAskedContainerTFirst() throws IOException {
        selinuxfs(true, "1");
        policy("targeted", null);
        Set<String> known = Set.of("system_u:system_r:svirt_lxc_net_t:s0", "system_u:object_r:svirt_sandbox_file_t:s0");
        assertThat(SelinuxLabels.types(new SelinuxHost(root, known::contains)).orElseThrow().process())
                .isEqualTo("svirt_lxc_net_t");
        Set<String> both = Set.of("system_u:system_r:svirt_lxc_net_t:s0", "system_u:object_r:svirt_sandbox_file_t:s0",
                "system_u:system_r:container_t:s0", "system_u:object_r:container_file_t:s0");
        assertThat(SelinuxLabels.types(new SelinuxHost(root, both::contains)).orElseThrow().process())
                .isEqualTo("container_t");
        assertThatThrownBy(() -> SelinuxLabels.types(new SelinuxHost(root, c -> false)))
                .as("a policy without container types").hasMessageContaining("make install");
    }

    /**
     * Debian's and Ubuntu's reference policy: lxc_contexts names container_t, which no loaded
     * module defines. The file is not trusted; Cloister's own module's types are used once loaded,
     * and without it the error says which type is missing and what to install.
     */
    @Test
    void lxcContextsNamingUndefinedTypesIsNotTrusted() throws IOException {
        selinuxfs(true, "1");
        policy("default", """
                process = "system_u:system_r:container_t:s0"
                content = "system_u:object_r:virt_var_lib_t:s0"
                file = "system_u:object_r:container_file_t:s0"
                """);
        assertThatThrownBy(() -> SelinuxLabels.types(new SelinuxHost(root, c -> false)))
                .hasMessageContaining("lxc_contexts names container_t, which the policy does not define")
                .hasMessageContaining("Cloister's policy module");
        Set<String> withModule = Set.of("system_u:system_r:cloister_sandbox_t:s0",
                "system_u:object_r:cloister_sandbox_file_t:s0");
        SelinuxLabels.Types t = SelinuxLabels.types(new SelinuxHost(root, withModule::contains)).orElseThrow();
        assertThat(SelinuxLabels.decide(t, SecurityLevel.parse("s0:c1,c2"), Optional.empty()))
                .isEqualTo(new SelinuxLabels("system_u:system_r:cloister_sandbox_t:s0:c1,c2",
                        "system_u:object_r:cloister_sandbox_file_t:s0:c1,c2"));
    }

    @Test
    void aStaticLabelIsUsedAsWrittenAtItsLevel() {
        SelinuxLabels l = SelinuxLabels.decide(SelinuxLabels.CONTAINER, SecurityLevel.parse("s0:c3,c4"),
                Optional.of("system_u:system_r:svirt_lxc_net_t:s0:c3,c4"));
        assertThat(l.processLabel()).isEqualTo("system_u:system_r:svirt_lxc_net_t:s0:c3,c4");
        assertThat(l.fileLabel()).isEqualTo("system_u:object_r:container_file_t:s0:c3,c4");
        assertThatThrownBy(() -> SelinuxLabels.decide(SelinuxLabels.CONTAINER, SecurityLevel.parse("s0:c3,c4"),
                Optional.of("system_u:system_r:container_t:s0:c9"))).hasMessageContaining("level");
    }

    @Test
    void anUnusableLxcContextsIsNotNamedInTheError() throws IOException {
        selinuxfs(true, "1");
        policy("default", "process = \"nonsense\"\n");
        assertThatThrownBy(() -> SelinuxLabels.types(new SelinuxHost(root, c -> false)))
                .hasMessageContaining("Cloister's policy module").message().doesNotContain("lxc_contexts names");
    }

    @Test
    void malformedLxcContextsFallsBackToThePolicy() {
        assertThat(SelinuxLabels.parseLxcContexts(List.of("process = \"nonsense\"", "file = x"))).isEmpty();
        assertThat(SelinuxLabels.parseLxcContexts(List.of("content = \"a:b:c:s0\""))).isEmpty();
    }

    @Test
    void thisHostHasNoSelinux() {
        // the machine the battery runs on: Debian without SELinux
        SelinuxHost real = new SelinuxHost(Path.of("/"));
        assertThat(real.enabled()).isEqualTo(Files.exists(Path.of("/sys/fs/selinux/enforce")));
    }
}
