package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.cloister.os.FakeHelper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * Fault injection at every helper call of an operation: the operation runs once to record its
 * calls, then once per call with that call failing, each time on a store of its own. Every run
 * must throw that call's error alone (no undo failed) and leave the disk and the mounts as they
 * were before the operation.
 */
final class EachHelperCall {
    private EachHelperCall() {
    }

    /** The call that fails: the Nth of its kind. */
    record Failing(String kind, int nth) {
        @Override
        public String toString() {
            return kind + " (call " + nth + ")";
        }
    }

    /**
     * One test per helper call OPERATION makes after SETUP, beneath DIR; the calls must be of
     * KINDS, in order (so that a call the operation stops making is noticed), and CHECK judges
     * the error each one's failure gives.
     */
    static Stream<DynamicTest> failEach(Path dir, String name, FakeContext.Step setup, FakeContext.Step operation,
                                        List<String> kinds,
                                        BiConsumer<Failing, Throwable> check) throws Exception {
        List<Failing> calls = record(Files.createDirectories(dir.resolve(name + "-recorded")), setup, operation);
        assertThat(calls).extracting(Failing::kind).as("the helper calls of %s", name).isEqualTo(kinds);
        return calls.stream().map(failing -> dynamicTest(name + ": " + failing + " fails", () -> {
            Path own = Files.createDirectories(dir.resolve(name + "-" + failing.kind() + "-" + failing.nth()));
            FakeHelper helper = new FakeHelper();
            Context context = FakeContext.after(setup, own, helper);
            helper.fail(failing.kind(), failing.nth());
            DiskState before = DiskState.of(own);
            Set<Path> mounted = helper.mounted();

            Throwable thrown = catchThrowable(() -> operation.run(context));

            assertThat(thrown).as("what %s failing throws", failing).isNotNull();
            assertThat(thrown.getSuppressed()).isEmpty();
            check.accept(failing, thrown);
            assertThat(DiskState.of(own).changesSince(before)).isEmpty();
            assertThat(helper.mounted()).isEqualTo(mounted);
        }));
    }

    private static List<Failing> record(Path dir, FakeContext.Step setup, FakeContext.Step operation) throws Exception {
        FakeHelper helper = new FakeHelper();
        operation.run(FakeContext.after(setup, dir, helper));
        Map<String, Integer> seen = new HashMap<>();
        return helper.calls().stream().map(c -> new Failing(c.kind(), seen.merge(c.kind(), 1, Integer::sum))).toList();
    }
}
