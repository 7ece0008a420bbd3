package dev.cloister.it.escape;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 14, item 13: the battery's report cannot be redirected by a local user. The attack: a
 * link planted where the report goes, pointing at a file of the victim's. Control: an ordinary
 * write there follows the link and overwrites the victim's file.
 */
class ReportFileTest {
    @TempDir
    Path dir;

    @Test
    void aPlantedLinkIsReplacedNotFollowed() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Path victim = Files.writeString(dir.resolve("victim"), "precious");
        Path report = dir.resolve("clst-test-escape-report.txt");
        Files.createSymbolicLink(report, victim);
        Attack.write(report, "the report\n");
        assertThat(victim).hasContent("precious");
        assertThat(Files.isSymbolicLink(report)).isFalse();
        assertThat(report).hasContent("the report");
        // control: what the old code did (Files.writeString on the path) follows a planted link
        Path planted = dir.resolve("planted");
        Files.createSymbolicLink(planted, victim);
        Files.writeString(planted, "overwritten");
        assertThat(victim).hasContent("overwritten");
    }

    @Test
    void aDirectoryOthersMayWriteIsRefused() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> Attack.write(shared.resolve("r.txt"), "x")).hasMessageContaining("writable by other users");
    }
}
