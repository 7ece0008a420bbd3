package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloister.os.FakeHelper;
import dev.cloister.spec.Limits;
import dev.cloister.spec.MountRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code clone} is all or nothing: whichever helper call fails, its source and the store are as they were. */
class CloneFailuresTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallOfAPlainCloneLeavesEverythingAsItWas() throws Exception {
        return EachHelperCall.failEach(dir, "plain", c -> create(c, Limits.NONE), CloneFailuresTest::cloneIt,
                List.of("copy-tree"), CreateFailuresTest::saysWhatFailed);
    }

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallOfACloneWithATreeImageLeavesEverythingAsItWas() throws Exception {
        return EachHelperCall.failEach(dir, "image", c -> create(c, Limits.NONE.withStorageBytes(16L << 20)),
                CloneFailuresTest::cloneIt, CreateFailuresTest.IMAGE_CALLS, CreateFailuresTest::saysWhatFailed);
    }

    @Test
    void aHostBindSourceGoneSinceTheSourceWasCreatedFailsTheCloneAndReleasesItsUidRange() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Context context = FakeContext.after(c -> new Creator(c).create(FakeContext.generic("src", Limits.NONE,
                List.of(new MountRequest.HostBind("/srv/data", data.toString())))), dir, new FakeHelper());
        Files.delete(data);
        DiskState before = DiskState.of(dir);

        assertThatThrownBy(() -> cloneIt(context)).hasMessageContaining(data + " does not exist");
        assertThat(DiskState.of(dir).changesSince(before)).isEmpty();
    }

    private static void create(Context context, Limits limits) throws Exception {
        new Creator(context).create(FakeContext.generic("src", limits, List.of()));
    }

    private static void cloneIt(Context context) throws Exception {
        new Cloner(context).cloneSandbox("src", "web", Optional.empty());
    }
}
