package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.CloisterInstance.Result;
import dev.cloister.it.HostTraces;
import dev.cloister.it.LoopFilesystem;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** CLOISTER_ROOT on a small filesystem that fills up: updates change all or nothing, no exit record is lost. */
@Tag("root")
class FullDiskIT {
    private static final String SLEEPER = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

    @Test
    void aFullDiskChangesNothingAndLosesNoExitRecord() throws Exception {
        try (LoopFilesystem fs = LoopFilesystem.mount("clst-test-full-", 128L << 20);
             CloisterInstance c = CloisterInstance.at(fs.dir())) {
            c.run("create", "-N", "none", "clst-fd", "--", "/bin/sh", "-c", SLEEPER).assertOk();
            c.run("start", "clst-fd").assertOk();
            Path config = c.root.resolve("etc/cloister/clst-fd.conf");
            Path plan = c.root.resolve("var/lib/cloister/.meta/clst-fd/start.plan");
            byte[] configBefore = Files.readAllBytes(config);
            byte[] planBefore = Files.readAllBytes(plan);
            Path filler = c.root.resolve("filler");
            fs.fill(filler);

            Result update = c.run("update", "clst-fd", "--pids-limit", "555");

            assertThat(update.exit()).isEqualTo(1);
            assertThat(update.err()).contains("nothing changed", "No space left on device");
            assertThat(config).hasBinaryContent(configBefore);
            assertThat(plan).hasBinaryContent(planBefore);
            assertThat(new HostTraces(c.root).staging()).as("staged copies of the update").isEmpty();
            assertThat(c.run("list").assertOk().out()).contains("running");

            c.run("stop", "clst-fd").assertOk();
            assertThat(c.run("list").assertOk().out()).as("the exit, recorded on the full disk")
                    .contains("exited with status 0");

            fs.fill(c.root.resolve("filler2"));   // the stop freed the run directory's blocks
            Result start = c.run("start", "clst-fd");
            assertThat(start.exit()).as("a start on a full disk: %s", start).isEqualTo(1);
            assertThat(start.err()).contains("No space left on device");
            assertThat(c.run("list").assertOk().out()).as("a failed start keeps the last exit").contains("exited with status 0");
            assertThat(new HostTraces(c.root).of("clst-fd")).as("nothing of the failed start")
                    .noneMatch(t -> t.startsWith("cgroup") || t.contains("run/cloister"));

            Files.delete(filler);
            Files.delete(c.root.resolve("filler2"));
            c.run("update", "clst-fd", "--pids-limit", "555").assertOk();
            assertThat(Files.readString(config)).contains("PidsLimit=555");
            assertThat(Files.readString(plan)).contains("pids.max 555");
        }
    }
}
