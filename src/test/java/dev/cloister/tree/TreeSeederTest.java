package dev.cloister.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloister.os.HelperProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeSeederTest {
    private static final Path HELPER = Path.of("build/cloister-helper").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void seedsTheHostsReadableEtcWithoutSecretsLeavingWhatIsCopiedWholeEmpty() throws Exception {
        assertThat(HELPER).as("the helper is built first (make, or make unit-test)").isExecutable();
        Path host = tmp.resolve("host");
        Files.createDirectories(host.resolve("etc/apache2/sites-enabled"));
        Files.writeString(host.resolve("etc/apache2/apache2.conf"), "ServerRoot /etc/apache2");
        Files.writeString(host.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33::/var/www:/usr/sbin/nologin\n");
        Files.writeString(host.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(host.resolve("etc/shadow"), "root:$6$secret:19000:0:99999:7:::\n");
        Files.setPosixFilePermissions(host.resolve("etc/shadow"), PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(host.resolve("etc/hosts"), "127.0.0.1 host\n");
        Path tree = tmp.resolve("tree");

        TreeSeeder.seed(new HostCopy(new HelperProgram(HELPER)), host, tree, "web1", Set.of(Path.of("/etc/apache2")));

        assertThat(tree.resolve("etc/apache2")).isEmptyDirectory();
        assertThat(tree.resolve("etc/hostname")).hasContent("web1");
        assertThat(Files.readString(tree.resolve("etc/hosts"))).contains("127.0.1.1\tweb1");
        assertThat(Files.readString(tree.resolve("etc/shadow"))).isEqualTo("root:*:19000:0:99999:7:::\nwww-data:*:19000:0:99999:7:::\n");
        assertThat(tree.resolve("var/tmp")).isDirectory();
        assertThat(Files.readSymbolicLink(tree.resolve("etc/mtab"))).isEqualTo(Path.of("../proc/self/mounts"));
    }
}
