package dev.cloister.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
    void ownersModesAndTimesAreKeptForFilesLinksAndDirectories() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "changing owners needs root");
        Path source = tmp.resolve("etc");
        Path dir = Files.createDirectories(source.resolve("app"));
        Path file = Files.writeString(dir.resolve("app.conf"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("current"), Path.of("app.conf"));
        for (Path p : List.of(dir, file, link)) {
            Files.setAttribute(p, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(p, "unix:gid", 5678, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setAttribute(dir, "unix:mode", 02750);
        Files.setLastModifiedTime(dir, FileTime.fromMillis(1_000_000_000_000L));
        Path target = tmp.resolve("copy");

        HostCopy.copy(source, target, a -> true);

        for (String name : List.of("app", "app/app.conf", "app/current")) {
            Path copied = target.resolve(name);
            assertThat(Files.getAttribute(copied, "unix:uid", LinkOption.NOFOLLOW_LINKS)).as(name).isEqualTo(1234);
            assertThat(Files.getAttribute(copied, "unix:gid", LinkOption.NOFOLLOW_LINKS)).as(name).isEqualTo(5678);
        }
        assertThat((Integer) Files.getAttribute(target.resolve("app"), "unix:mode") & 07777).isEqualTo(02750);
        assertThat(Files.getLastModifiedTime(target.resolve("app"))).isEqualTo(FileTime.fromMillis(1_000_000_000_000L));
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
