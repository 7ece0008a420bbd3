package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cloister.os.FakeHelper;
import dev.cloister.spec.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code delete} commits only once the helper's runtime cleanup is done: until then a failure leaves the sandbox. */
class DeleteFailuresTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallLeavesTheSandboxAsItWas() throws Exception {
        return EachHelperCall.failEach(dir, "delete", DeleteFailuresTest::create, c -> new Deleter(c).delete("web", false),
                List.of("cleanup"), (failing, thrown) -> assertThat(thrown).hasMessage("cannot delete 'web': "
                        + FakeHelper.failure(failing.kind(), failing.nth())));
    }

    @Test
    void aSandboxStartedAgainAtEachAttemptIsLeftWithTheAdviceToStopWhatStartsIt() throws Exception {
        FakeHelper helper = new FakeHelper();
        Context context = FakeContext.after(DeleteFailuresTest::create, dir, helper);
        DiskState before = DiskState.of(dir);
        for (int attempt = 1; attempt <= 3; attempt++) {
            helper.answer("cleanup", attempt, 3, "");   // 3: running, or a start is under way
        }

        Throwable thrown = catchThrowable(() -> new Deleter(context).delete("web", false));

        assertThat(thrown).hasMessageContaining("started again 3 times").hasMessageContaining("systemctl disable");
        assertThat(helper.calls()).extracting(FakeHelper.Call::kind).containsExactly("cleanup", "cleanup", "cleanup");
        assertThat(DiskState.of(dir).changesSince(before)).isEmpty();
    }

    @Test
    void aDeleteRemovesWhatTheCreateMadeAfterTheHelpersCleanup() throws Exception {
        FakeHelper helper = new FakeHelper();
        Context context = FakeContext.after(c -> new Creator(c).create(FakeContext.generic("first", Limits.NONE,
                List.of())), dir, helper);
        DiskState before = DiskState.of(dir);
        create(context);
        helper.clear();

        new Deleter(context).delete("web", false);

        assertThat(helper.calls()).extracting(FakeHelper.Call::args)
                .containsExactly(List.of("cleanup", context.store().files("web").plan().toString()));
        assertThat(DiskState.of(dir).changesSince(before)).isEmpty();
    }

    private static void create(Context context) throws Exception {
        new Creator(context).create(FakeContext.generic("web", Limits.NONE, List.of()));
    }
}
