package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloister.os.FakeHelper;
import dev.cloister.spec.Limits;
import dev.cloister.store.NoSuchSandboxException;
import dev.cloister.store.SandboxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start, stop and execute hand a plan to the helper on the caller's terminal, and pass its exit status on. */
class StartStopExecuteTest {
    @TempDir
    Path dir;
    private final FakeHelper helper = new FakeHelper();
    private Context context;
    private SandboxFiles files;

    @BeforeEach
    void createWeb() throws Exception {
        context = FakeContext.after(c -> new Creator(c).create(FakeContext.generic("web", Limits.NONE, List.of())), dir,
                helper);
        files = context.store().files("web");
    }

    @Test
    void startCompilesAStalePlanFirstAndReturnsTheHelpersStatus() throws Exception {
        // the config edited by hand after the plan was compiled
        Files.setLastModifiedTime(files.plan(), FileTime.from(Instant.now().minusSeconds(3600)));
        assertThat(PlanCompiler.isStale(files)).isTrue();
        helper.answer("start", 1, 1, "");

        int status = new Starter(context).start("web", true);

        assertThat(status).isEqualTo(1);
        assertThat(helper.calls()).containsExactly(
                new FakeHelper.Call(List.of("start", files.plan().toString(), "--attach"), true));
        assertThat(PlanCompiler.isStale(files)).isFalse();
    }

    /** After an upgrade of Cloister itself: a plan compiled before this build is stale, and stop compiles it again. */
    @Test
    void aPlanOlderThanTheRunningCloisterIsCompiledAgainByStop() throws Exception {
        FileTime compiled = Files.getLastModifiedTime(files.plan());
        assertThat(PlanCompiler.isStale(files, Optional.of(FileTime.from(compiled.toInstant().minusSeconds(60))))).isFalse();
        assertThat(PlanCompiler.isStale(files, Optional.of(FileTime.from(compiled.toInstant().plusSeconds(60))))).isTrue();

        Files.setLastModifiedTime(files.plan(), FileTime.from(Instant.now().minusSeconds(3600)));
        Files.setLastModifiedTime(files.config(), FileTime.from(Instant.now().minusSeconds(7200)));
        assertThat(PlanCompiler.isStale(files)).as("not older than its config, and no jar to be older than").isFalse();
        Files.setLastModifiedTime(files.config(), Files.getLastModifiedTime(files.seccomp()));
        helper.answer("stop", 1, 0, "");
        new Stopper(context).stop("web", Optional.empty());
        assertThat(Files.getLastModifiedTime(files.plan()).toInstant()).as("compiled again").isAfter(Instant.now().minusSeconds(60));
    }

    @Test
    void stopGivesTheHelperTheTimeoutAndReturnsItsStatus() throws Exception {
        helper.answer("stop", 1, 1, "");

        int status = new Stopper(context).stop("web", Optional.of(Duration.ofMillis(2500)));

        assertThat(status).isEqualTo(1);
        assertThat(helper.calls()).containsExactly(
                new FakeHelper.Call(List.of("stop", files.plan().toString(), "2500"), true));
    }

    /** Without --timeout the plan's stop-timeout line decides: the helper gets no timeout argument. */
    @Test
    void stopWithoutATimeoutLeavesItToThePlan() throws Exception {
        helper.answer("stop", 1, 0, "");

        assertThat(new Stopper(context).stop("web", Optional.empty())).isZero();
        assertThat(helper.calls()).containsExactly(new FakeHelper.Call(List.of("stop", files.plan().toString()), true));
    }

    @Test
    void stopWithoutACompiledPlanSaysWhatTheSandboxIsWithoutCallingTheHelper() throws Exception {
        Files.delete(files.plan());

        assertThatThrownBy(() -> new Stopper(context).stop("web", Optional.empty()))
                .hasMessageContaining("no compiled plan").hasMessageContaining("`cloister list`");
        assertThatThrownBy(() -> new Stopper(context).stop("nothing", Optional.empty()))
                .isInstanceOf(NoSuchSandboxException.class);
        assertThat(helper.calls()).isEmpty();
    }

    @Test
    void executeInASandboxThatDoesNotRunSaysToStartItWithoutCallingTheHelper() {
        assertThatThrownBy(() -> new Executor(context).execute("web", false, Executor.Terminal.AUTO, List.of("/bin/true")))
                .hasMessageContaining("`cloister start web`");
        assertThat(helper.calls()).isEmpty();
    }
}
