package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cloister.os.FakeHelper;
import dev.cloister.spec.Limits;
import dev.cloister.spec.MountRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code create} is all or nothing: whichever helper call fails, the store, the uid ranges and
 * the mounts are as they were (another sandbox's included), and the error is that call's.
 */
class CreateFailuresTest {
    static final List<String> IMAGE_CALLS = List.of("mount-image", "copy-tree", "unmount", "mount-image");

    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallOfAPlainCreateLeavesEverythingAsItWas() throws Exception {
        return EachHelperCall.failEach(dir, "plain", c -> create(c, "first", Limits.NONE), c -> create(c, "web",
                Limits.NONE), List.of("copy-tree"), CreateFailuresTest::saysWhatFailed);
    }

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallOfACreateWithATreeImageLeavesEverythingAsItWas() throws Exception {
        Limits storage = Limits.NONE.withStorageBytes(16L << 20);
        return EachHelperCall.failEach(dir, "image", c -> create(c, "first", storage), c -> create(c, "web", storage),
                IMAGE_CALLS, CreateFailuresTest::saysWhatFailed);
    }

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallOfACreateWithAHostBindLeavesEverythingAsItWas() throws Exception {
        return EachHelperCall.failEach(dir, "host-bind", c -> create(c, "first", Limits.NONE), c -> new Creator(c)
                .create(FakeContext.generic("web", Limits.NONE, List.of(new MountRequest.HostBind("/srv/data",
                        Files.createDirectories(dir.resolve("data")).toString())))), List.of("copy-tree", "check-bind"),
                CreateFailuresTest::saysWhatFailed);
    }

    @Test
    void anUndoThatFailsIsAddedToTheFirstErrorAndTheUndosAfterItStillRun() throws Exception {
        FakeHelper helper = new FakeHelper();
        Limits storage = Limits.NONE.withStorageBytes(16L << 20);
        Context context = FakeContext.after(c -> create(c, "first", storage), dir, helper);
        DiskState before = DiskState.of(dir);
        Set<Path> mounted = helper.mounted();
        // the copy fails, then the roll-back's unmount of the staging tree's image
        helper.fail("copy-tree", 1).fail("unmount", 1);

        Throwable thrown = catchThrowable(() -> create(context, "web", storage));

        Path staging = context.store().files("web").stagingTree();
        assertThat(thrown).hasMessage(FakeHelper.failure("copy-tree", 1));
        assertThat(thrown.getSuppressed()).singleElement().satisfies(undo -> assertThat(undo.getMessage())
                .startsWith("rolling back 'web', unmounting the tree image from " + staging)
                .contains("`cloister delete web`"));
        // the undos after the unmount removed the tree, the leases, the metadata and the uid range
        assertThat(DiskState.of(dir).changesSince(before)).isEmpty();
        assertThat(helper.mounted()).containsExactlyInAnyOrderElementsOf(Stream.concat(mounted.stream(),
                Stream.of(staging)).toList());
    }

    private static void create(Context context, String name, Limits limits) throws IOException {
        new Creator(context).create(FakeContext.generic(name, limits, List.of()));
    }

    /** The error of a create or clone whose FAILING call failed: the helper's words, or what to do about them. */
    static void saysWhatFailed(EachHelperCall.Failing failing, Throwable thrown) {
        String injected = FakeHelper.failure(failing.kind(), failing.nth());
        switch (failing.kind()) {
            case "copy-tree" -> assertThat(thrown).hasMessage(injected);
            case "check-bind" -> assertThat(thrown.getMessage()).contains(injected).contains("bind a directory");
            // an attached call prints its reason on the terminal itself
            default -> assertThat(thrown.getMessage()).contains("(" + failing.kind() + " ").contains("run the command again");
        }
    }
}
