package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cloister.os.FakeHelper;
import dev.cloister.spec.Limits;
import dev.cloister.spec.MountRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** {@code upgrade} checks the new plan's host binds with the helper before it replaces anything. */
class UpgradeFailuresTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> aFailureAtAnyHelperCallLeavesThePlanAsItWas() throws Exception {
        return EachHelperCall.failEach(dir, "upgrade", this::create, UpgradeFailuresTest::upgrade, List.of("check-bind"),
                (failing, thrown) -> assertThat(thrown.getMessage()).startsWith("HostBind=/srv/data=")
                        .contains(FakeHelper.failure(failing.kind(), failing.nth())).contains("bind a directory"));
    }

    @Test
    void theHelperChecksTheStagedPlanNotTheOneInPlace() throws Exception {
        FakeHelper helper = new FakeHelper();
        Context context = FakeContext.after(this::create, dir, helper);

        upgrade(context);

        List<String> args = helper.calls().getFirst().args();
        assertThat(args.getFirst()).isEqualTo("check-bind");
        assertThat(Path.of(args.get(1))).isNotEqualTo(context.store().files("web").plan())
                .hasParentRaw(context.store().files("web").meta());
        assertThat(args.get(2)).isEqualTo(dir.resolve("data").toString());
    }

    private void create(Context context) throws Exception {
        new Creator(context).create(FakeContext.generic("web", Limits.NONE, List.of(new MountRequest.HostBind(
                "/srv/data", Files.createDirectories(dir.resolve("data")).toString()))));
    }

    private static void upgrade(Context context) throws Exception {
        context.store().withSandboxLock("web", () -> {
            new Upgrader(context).upgrade(context.store().load("web"));
            return null;
        });
    }
}
