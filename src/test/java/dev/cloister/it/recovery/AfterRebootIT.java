package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reboot empties /run: an enabled host unit then starts its sandbox with no /run/cloister at
 * all (the VM tier's 90-enable-reboot reboots for real; this is the same start on this machine).
 */
@Tag("root")
class AfterRebootIT {

    @Test
    void startWorksWhenRunCloisterIsGone() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "-N", "none", "clst-boot", "--", "/bin/echo", "clst-after-boot").assertOk();
            c.run("start", "--attach", "clst-boot").assertOk();
            Path runtime = c.root.resolve("run/cloister");
            assertThat(runtime).isDirectory();
            removeTree(runtime);

            CloisterInstance.Result start = c.run("start", "--attach", "clst-boot");
            assertThat(start.assertOk().out()).contains("clst-after-boot");
            assertThat(runtime).as("made again, private to root").isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime))).isEqualTo("rwx------");
        }
    }

    private static void removeTree(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
