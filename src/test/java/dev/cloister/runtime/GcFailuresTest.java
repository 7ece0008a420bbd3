package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloister.os.FakeHelper;
import dev.cloister.spec.Limits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gc} goes on past a sandbox or a bridge whose helper call fails, and names each in its report. */
class GcFailuresTest {
    @TempDir
    Path dir;

    @Test
    void aFailedCleanupOrBridgeReleaseIsReportedAndTheRestIsStillCollected() throws Exception {
        FakeHelper helper = new FakeHelper();
        Context context = FakeContext.after(c -> {
            for (String name : List.of("a", "b")) {
                new Creator(c).create(FakeContext.generic(name, Limits.NONE, List.of()));
            }
        }, dir, helper);
        helper.fail("cleanup", 1).fail("net-release", 1);

        Collector.Report report = new Collector(context).collect();

        assertThat(report.failed()).containsExactly("a: " + FakeHelper.failure("cleanup", 1),
                FakeHelper.failure("net-release", 1));
        assertThat(helper.calls()).extracting(FakeHelper.Call::kind).containsExactly("cleanup", "cleanup", "net-release");
        assertThat(context.store().names()).containsExactly("a", "b");
    }
}
