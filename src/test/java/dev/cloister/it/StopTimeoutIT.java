package dev.cloister.it;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeout before SIGKILL is the plan's {@code stop-timeout} unless stop is given one, on the
 * fast path and through the JVM alike: the helper has no default of its own.
 */
@Tag("root")
class StopTimeoutIT {
    private static final String NAME = "clst-stt";

    @Test
    void aPid1ThatIgnoresItsStopSignalIsKilledAfterTheGivenOrThePlansTimeout() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            // sleep as PID 1 has no handler for the stop signal, so the kernel drops it: only SIGKILL ends it
            c.run("create", "-N", "none", NAME, "--", "/bin/sleep", "1000").assertOk();
            assertThat(Files.readAllLines(c.root.resolve("var/lib/cloister/.meta/" + NAME + "/start.plan")))
                    .contains("stop-timeout 10000");

            assertThat(stopTakes(c, "stop", NAME, "-t", "1")).as("fast path, -t 1").isBetween(ms(1000), ms(6000));
            assertThat(stopTakes(c, "stop", "--timeout", "0.5", NAME)).as("JVM, --timeout 0.5").isBetween(ms(500), ms(6000));
            assertThat(stopTakes(c, "stop", NAME)).as("no timeout: the plan's 10 s").isBetween(ms(10_000), ms(16_000));

            // past a day: the helper's one check answers both paths with the same status and message
            CloisterInstance.Result fast = c.run("stop", NAME, "-t", "86401");
            CloisterInstance.Result jvm = c.run("stop", "--timeout", "86401", NAME);
            assertThat(fast.exit()).as("fast path: %s", fast).isEqualTo(2);
            assertThat(jvm.exit()).as("JVM: %s", jvm).isEqualTo(2);
            assertThat(fast.err()).contains("bad TIMEOUT-MS '86401000'").isEqualTo(jvm.err());
        }
    }

    private static Duration stopTakes(CloisterInstance c, String... stop) throws Exception {
        c.run("start", NAME).assertOk();
        long t0 = System.nanoTime();
        assertThat(c.run(stop).assertOk().out()).isEqualTo("stopped " + NAME + "\n");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(c.runDir(NAME)).doesNotExist();
        return took;
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
