package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.cloister.os.FakeHelper;
import dev.cloister.spec.Limits;
import dev.cloister.spec.MountRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code create} is all or nothing: whichever helper call fails, the store, the uid ranges and
 * the mounts are as they were, and the error is that call's, saying what to do.
 */
class CreateFailuresTest {
    @TempDir
    Path dir;

    /** The creates whose helper calls are failed one by one: a plain tree, a tree image, a host bind. */
    enum Kind {
        PLAIN(List.of("copy-tree")),
        IMAGE(List.of("mount-image", "copy-tree", "unmount", "mount-image")),
        HOST_BIND(List.of("copy-tree", "check-bind"));

        final List<String> calls;

        Kind(List<String> calls) {
            this.calls = calls;
        }

        CreateRequest request(String name, Path dir) throws IOException {
            return switch (this) {
                case PLAIN -> FakeContext.generic(name, Limits.NONE, List.of());
                case IMAGE -> FakeContext.generic(name, Limits.NONE.withStorageBytes(16L << 20), List.of());
                case HOST_BIND -> FakeContext.generic(name, Limits.NONE, List.of(new MountRequest.HostBind("/srv/data",
                        Files.createDirectories(dir.resolve("data")).toString())));
            };
        }
    }

    /** A failed call: the Nth of its kind. */
    record Failing(String kind, int nth) {
    }

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallLeavesEverythingAsItWas() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            Path recorded = Files.createDirectories(dir.resolve(kind + "-recorded"));
            List<Failing> calls = callsOfASuccessfulCreate(kind, recorded);
            assertThat(calls).extracting(Failing::kind).isEqualTo(kind.calls);
            for (Failing failing : calls) {
                Path own = dir.resolve(kind + "-" + failing.kind() + "-" + failing.nth());
                tests.add(dynamicTest(kind + ": " + failing.kind() + " " + failing.nth(), () ->
                        failAt(kind, failing, Files.createDirectories(own))));
            }
        }
        return tests.stream();
    }

    @Test
    void anUndoThatFailsIsAddedToTheFirstErrorAndTheUndosAfterItStillRun() throws IOException {
        FakeHelper helper = new FakeHelper();
        Context context = FakeContext.under(dir, helper);
        Creator creator = new Creator(context);
        creator.create(Kind.IMAGE.request("first", dir));
        helper.clear();
        DiskState before = DiskState.of(dir.resolve("root"), dir.resolve("uid-ranges"));
        Set<Path> mounted = helper.mounted();
        // the copy fails, then the roll-back's unmount of the staging tree's image
        helper.fail("copy-tree", 1).fail("unmount", 1);

        Throwable thrown = catchThrowable(() -> creator.create(Kind.IMAGE.request("web", dir)));

        assertThat(thrown).hasMessage(FakeHelper.failure("copy-tree", 1));
        assertThat(thrown.getSuppressed()).singleElement().satisfies(undo -> assertThat(undo.getMessage())
                .startsWith("rolling back 'web', unmounting the tree image from " + context.store().files("web")
                        .stagingTree()).contains("`cloister delete web`"));
        // what the undos after the unmount remove: tree, leases, metadata, uid range
        assertThat(DiskState.of(dir.resolve("root"), dir.resolve("uid-ranges"))).isEqualTo(before);
        assertThat(helper.mounted()).containsExactlyInAnyOrderElementsOf(Stream.concat(mounted.stream(),
                Stream.of(context.store().files("web").stagingTree())).toList());
    }

    private static List<Failing> callsOfASuccessfulCreate(Kind kind, Path dir) throws IOException {
        FakeHelper helper = new FakeHelper();
        Creator creator = new Creator(FakeContext.under(dir, helper));
        creator.create(kind.request("first", dir));
        helper.clear();
        creator.create(kind.request("web", dir));
        Map<String, Integer> seen = new HashMap<>();
        return helper.calls().stream().map(c -> new Failing(c.kind(), seen.merge(c.kind(), 1, Integer::sum))).toList();
    }

    private static void failAt(Kind kind, Failing failing, Path dir) throws IOException {
        FakeHelper helper = new FakeHelper();
        Context context = FakeContext.under(dir, helper);
        Creator creator = new Creator(context);
        creator.create(kind.request("first", dir));   // another sandbox, which the failed create must leave alone
        helper.clear();
        helper.fail(failing.kind(), failing.nth());
        DiskState before = DiskState.of(dir.resolve("root"), dir.resolve("uid-ranges"));
        Set<Path> mounted = helper.mounted();

        Throwable thrown = catchThrowable(() -> creator.create(kind.request("web", dir)));

        assertThat(thrown).isNotNull();
        assertThat(thrown.getSuppressed()).isEmpty();
        String injected = FakeHelper.failure(failing.kind(), failing.nth());
        switch (failing.kind()) {
            case "copy-tree" -> assertThat(thrown).hasMessage(injected);
            case "check-bind" -> assertThat(thrown.getMessage()).contains(injected).contains("bind a directory");
            default -> assertThat(thrown.getMessage()).contains("(" + failing.kind() + " ").contains("run the command again");
        }
        assertThat(DiskState.of(dir.resolve("root"), dir.resolve("uid-ranges"))).isEqualTo(before);
        assertThat(helper.mounted()).isEqualTo(mounted);
        assertThat(context.store().names()).containsExactly("first");
    }
}
