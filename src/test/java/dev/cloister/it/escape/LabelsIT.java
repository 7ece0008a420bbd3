package dev.cloister.it.escape;

import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Labels and uid ranges under parallel creates, and a static level clash. */
@Tag("root")
class LabelsIT {
    private static final Pattern CREATED = Pattern.compile("created (\\S+) \\(label (s0:c\\d+(?:,c\\d+)?), uid base (\\d+)\\)");

    @Test
    void twentyParallelCreatesGetTwentyDistinctLevelsAndUidRanges() throws Exception {
        try (Cloister c = Cloister.create()) {
            int n = 20;
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Future<Result>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "clst-test-par" + i;
                List<String> command = c.cloister("create", name, "--", "/bin/true");
                results.add(pool.submit(() -> c.command(180, command)));
            }
            Set<String> levels = new HashSet<>();
            Set<Long> bases = new HashSet<>();
            for (Future<Result> f : results) {
                Result r = f.get().assertOk();
                Matcher m = CREATED.matcher(r.out());
                assertThat(m.find()).as("create output: %s", r.out()).isTrue();
                levels.add(m.group(2));
                bases.add(Long.parseLong(m.group(3)));
            }
            pool.shutdown();
            assertThat(levels).as("levels").hasSize(n);
            assertThat(bases).as("uid bases").hasSize(n);
            for (long b : bases) {
                assertThat(b % 65536).isZero();
            }
            // what list --json records agrees
            String json = c.run("list", "--json").assertOk().out();
            for (String level : levels) {
                assertThat(json).contains("\"label\": \"" + level + "\"");
            }
            Attack.note("labels: 20 parallel dynamic creates", "20 distinct levels, 20 distinct 65536-id ranges"
                    + " | IdentityAllocator under the store-wide lock");
        } finally {
            Attack.writeReport();
        }
    }

    @Test
    void aStaticLevelInUseIsRefused() throws Exception {
        try (Cloister c = Cloister.create()) {
            c.run("create", "-l", "s0:c7,c9", "clst-test-lvl1", "--", "/bin/true").assertOk();
            Result r = c.run("create", "-l", "s0:c7,c9", "clst-test-lvl2", "--", "/bin/true");
            assertThat(r.exit()).isNotZero();
            assertThat(r.err()).contains("s0:c7,c9").contains("already used");
            Result s = c.run("create", "-s", "static,label=system_u:system_r:svirt_lxc_net_t:s0:c7,c9",
                    "clst-test-lvl3", "--", "/bin/true");
            assertThat(s.exit()).isNotZero();
        }
    }
}
