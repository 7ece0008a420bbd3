package dev.cloister.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCopyTest {
    @TempDir
    Path tmp;

    @Test
    void emptiedDirectoriesAreMadeWithTheirModeAndNothingInThem() throws Exception {
        Path source = tmp.resolve("etc");
        Files.createDirectories(source.resolve("ssl/certs"));
        Files.writeString(source.resolve("ssl/openssl.cnf"), "x");
        Files.createSymbolicLink(source.resolve("ssl/certs/ca.pem"), Path.of("/usr/share/ca.crt"));
        Files.createDirectories(source.resolve("alternatives"));
        Files.createSymbolicLink(source.resolve("alternatives/pager"), Path.of("/usr/bin/less"));
        Files.setPosixFilePermissions(source.resolve("ssl/certs"), PosixFilePermissions.fromString("rwxr-x--x"));
        Path target = tmp.resolve("tree/etc");
        Files.createDirectories(target.getParent());

        HostCopy.copy(source, target, a -> true, Set.of(Path.of("ssl/certs"), Path.of("alternatives")));

        assertThat(target.resolve("ssl/openssl.cnf")).hasContent("x");
        assertThat(target.resolve("ssl/certs")).isEmptyDirectory();
        assertThat(target.resolve("alternatives")).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("ssl/certs"))))
                .isEqualTo("rwxr-x--x");
    }

    @Test
    void withoutEmptiedDirectoriesEverythingKeptIsCopied() throws Exception {
        Path source = tmp.resolve("etc");
        Files.createDirectories(source.resolve("alternatives"));
        Files.createSymbolicLink(source.resolve("alternatives/pager"), Path.of("/usr/bin/less"));
        Path target = tmp.resolve("copy");

        HostCopy.copy(source, target, a -> true);

        assertThat(Files.readSymbolicLink(target.resolve("alternatives/pager"))).isEqualTo(Path.of("/usr/bin/less"));
    }
}
