package dev.cloister.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloister.Prerequisites;
import dev.cloister.os.HelperProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCopyTest {
    private static final Path HELPER = Path.of("build/cloister-helper").toAbsolutePath();

    @TempDir
    Path tmp;

    private HostCopy copier;

    @BeforeEach
    void needsTheHelper() {
        assertThat(HELPER).as("the helper is built first (make, or make unit-test)").isExecutable();
        copier = new HostCopy(new HelperProgram(HELPER));
    }

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

        copier.copy(source, target, HostCopy.Filter.EVERYTHING, Set.of(Path.of("ssl/certs"), Path.of("alternatives")));

        assertThat(target.resolve("ssl/openssl.cnf")).hasContent("x");
        assertThat(target.resolve("ssl/certs")).isEmptyDirectory();
        assertThat(target.resolve("alternatives")).isEmptyDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("ssl/certs"))))
                .isEqualTo("rwxr-x--x");
    }

    @Test
    @Tag("root")
    void ownersModesAndTimesAreKeptForFilesLinksAndDirectories() throws Exception {
        Prerequisites.requireRoot();   // changing owners needs root
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

        copier.copy(source, target, HostCopy.Filter.EVERYTHING);

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

        copier.copy(source, target, HostCopy.Filter.EVERYTHING);

        assertThat(Files.readSymbolicLink(target.resolve("alternatives/pager"))).isEqualTo(Path.of("/usr/bin/less"));
    }

    @Test
    void worldReadableKeepsLinksAndWhatOthersMayReadAndLeavesSecretsWithEverythingInThem() throws Exception {
        Path source = tmp.resolve("etc");
        Files.createDirectories(source.resolve("private/sub"));
        Files.writeString(source.resolve("private/sub/key.pem"), "secret");
        Files.setPosixFilePermissions(source.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        Files.writeString(source.resolve("shadow"), "hash");
        Files.setPosixFilePermissions(source.resolve("shadow"), PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(source.resolve("hosts"), "127.0.0.1 localhost");
        Files.createSymbolicLink(source.resolve("localtime"), Path.of("/usr/share/zoneinfo/UTC"));
        Path target = tmp.resolve("copy");

        copier.copy(source, target, HostCopy.Filter.WORLD_READABLE);

        assertThat(target.resolve("hosts")).hasContent("127.0.0.1 localhost");
        assertThat(Files.readSymbolicLink(target.resolve("localtime"))).isEqualTo(Path.of("/usr/share/zoneinfo/UTC"));
        assertThat(target.resolve("shadow")).doesNotExist();
        assertThat(target.resolve("private")).doesNotExist();
    }

    @Test
    void socketsAndFifosAreSkippedAndNothingIsFollowed() throws Exception {
        Path source = tmp.resolve("var");
        Files.createDirectories(source);
        Path fifo = source.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path outside = Files.writeString(tmp.resolve("outside.txt"), "host file");
        Files.createSymbolicLink(source.resolve("escape"), outside);
        Files.createSymbolicLink(source.resolve("dir-link"), tmp);
        Path target = tmp.resolve("copy");

        copier.copy(source, target, HostCopy.Filter.EVERYTHING);

        assertThat(target.resolve("pipe")).doesNotExist();
        assertThat(Files.isSymbolicLink(target.resolve("escape"))).isTrue();
        assertThat(Files.isSymbolicLink(target.resolve("dir-link"))).isTrue();
        assertThat(outside).hasContent("host file");
    }

    @Test
    void aFailedCopySaysWhatFailed() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("etc"));
        Files.writeString(source.resolve("hosts"), "x");
        Path target = tmp.resolve("no/such/parent/etc");

        assertThatThrownBy(() -> copier.copy(source, target, HostCopy.Filter.EVERYTHING))
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("copy-tree: creating");
    }

    @Test
    void extendedAttributesOfFilesAndDirectoriesAreCopied() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("etc"));
        Path file = Files.writeString(source.resolve("app.conf"), "x");
        var fileXattrs = Files.getFileAttributeView(file, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        var dirXattrs = Files.getFileAttributeView(source, java.nio.file.attribute.UserDefinedFileAttributeView.class);
        try {
            fileXattrs.write("origin", java.nio.ByteBuffer.wrap("a".repeat(2000).getBytes()));
            fileXattrs.write("empty", java.nio.ByteBuffer.allocate(0));
            dirXattrs.write("owner", java.nio.ByteBuffer.wrap("ops".getBytes()));
        } catch (java.io.IOException unsupported) {
            Prerequisites.kernelOffers(false, "no user xattrs on " + tmp + " (its filesystem, e.g. tmpfs before 6.6): "
                    + unsupported);
        }
        Path target = tmp.resolve("copy");

        copier.copy(source, target, HostCopy.Filter.EVERYTHING);

        var copied = Files.getFileAttributeView(target.resolve("app.conf"),
                java.nio.file.attribute.UserDefinedFileAttributeView.class);
        assertThat(copied.list()).containsExactlyInAnyOrder("origin", "empty");
        assertThat(copied.size("origin")).isEqualTo(2000);
        assertThat(copied.size("empty")).isZero();
        assertThat(Files.getFileAttributeView(target, java.nio.file.attribute.UserDefinedFileAttributeView.class)
                .list()).containsExactly("owner");
    }
}
