package dev.cloister.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostBindPolicyTest {
    @TempDir
    Path dir;

    private HostBindPolicy sources() {
        return new HostBindPolicy(List.of(dir.resolve("store/etc/cloister"), dir.resolve("store/var/lib/cloister")));
    }

    @Test
    void theHostsSystemKernelInterfacesAndTheWholeHostAreRefused() throws Exception {
        HostBindPolicy s = sources();
        assertThat(s.refusal("/")).hasValueSatisfying(w -> assertThat(w).contains("the whole host"));
        assertThat(s.refusal("/etc")).hasValueSatisfying(w -> assertThat(w).contains("host's own system"));
        assertThat(s.refusal("/etc/passwd")).hasValueSatisfying(w -> assertThat(w).contains("lies in /etc"));
        assertThat(s.refusal("/usr/local")).hasValueSatisfying(w -> assertThat(w).contains("lies in /usr"));
        assertThat(s.refusal("/var")).hasValueSatisfying(w -> assertThat(w).contains("contains /var/lib/dpkg"));
        assertThat(s.refusal("/proc")).hasValueSatisfying(w -> assertThat(w).contains("lies in /proc"));
        assertThat(s.refusal("/sys/kernel")).hasValueSatisfying(w -> assertThat(w).contains("lies in /sys"));
        assertThat(s.refusal("/dev")).hasValueSatisfying(w -> assertThat(w).contains("lies in /dev"));
    }

    @Test
    void theStoreAndWhatContainsItAreRefused() throws Exception {
        Path trees = Files.createDirectories(dir.resolve("store/var/lib/cloister/web"));
        assertThat(sources().refusal(trees.toString())).hasValueSatisfying(w -> assertThat(w).contains("cloister's own store"));
        assertThat(sources().refusal(dir.resolve("store").toString()))
                .hasValueSatisfying(w -> assertThat(w).contains("contains").contains("cloister's own store"));
    }

    @Test
    void secretsSymlinksAndSpecialFilesAreRefusedDataIsNot() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path shared = Files.writeString(data.resolve("page.html"), "x");
        Path secret = Files.writeString(data.resolve("key"), "k");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), data);
        HostBindPolicy s = sources();
        assertThat(s.refusal(data.toString())).isEmpty();
        assertThat(s.refusal(shared.toString())).isEmpty();
        assertThat(s.refusal(dir.resolve("missing").toString())).as("left to the existence check").isEmpty();
        assertThat(s.refusal(secret.toString())).hasValueSatisfying(w -> assertThat(w).contains("not readable by host users")
                .contains("rw-------"));
        assertThat(s.refusal(link.toString())).hasValueSatisfying(w -> assertThat(w).contains("symlink").contains(data.toString()));
    }
}
