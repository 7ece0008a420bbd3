package dev.cloister.cgroup;

import dev.cloister.Prerequisites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** On a real cgroup-v1 host, as root: limits written by update() read back by stats(). */
@Tag("root")
class V1DriverRootTest {

    @Test
    void updateAndStatsOnRealCgroups() throws IOException {
        Prerequisites.requireRoot();
        CgroupLayout layout = CgroupLayout.ofHost();
        Prerequisites.kernelOffers(layout instanceof CgroupLayout.Hybrid, "this host has no cgroup v1 hierarchies (" + layout
                + ")");
        CgroupLayout.Hybrid hybrid = (CgroupLayout.Hybrid) layout;
        Prerequisites.kernelOffers(hybrid.withController("memory").isPresent() && hybrid.withController("pids").isPresent(),
                "this host has no cgroup v1 memory and pids hierarchies");
        String leaf = "clst-test-" + UUID.randomUUID().toString().substring(0, 8);
        List<Path> created = new ArrayList<>();
        try {
            // Beneath this JVM's own cgroups only, so nothing else on the host is touched.
            for (String c : List.of("memory", "pids")) {
                created.add(Files.createDirectory(hybrid.withController(c).orElseThrow().ownDir().resolve(leaf)));
            }
            V1Driver driver = new V1Driver(hybrid);

            driver.update(created, ExampleLimits.memory(64L << 20).overriddenBy(ExampleLimits.pids(100)));
            CgroupStats stats = driver.stats(created);

            assertThat(stats.memoryLimitBytes()).hasValue(64L << 20);
            assertThat(stats.pidsLimit()).hasValue(100);
            assertThat(stats.pidsCurrent()).hasValue(0);
            assertThat(stats.memoryCurrentBytes()).hasValue(0);
        } finally {
            for (Path dir : created.reversed()) {
                Files.delete(dir); // rmdir(2): removes an empty cgroup
            }
        }
    }
}
