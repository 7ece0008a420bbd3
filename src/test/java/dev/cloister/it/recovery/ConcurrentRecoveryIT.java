package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.HostTraces;
import dev.cloister.json.JsonReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recoveries running beside other commands: creates that first roll back what an interrupted
 * create of their name left, a gc and deletes of leftovers, all at once. The store's lock keeps
 * them apart: every sandbox gets ids and an address of its own, and nothing is left over.
 */
@Tag("root")
class ConcurrentRecoveryIT {
    private static final int CREATES = 4;

    @Test
    void recoveriesAndCreatesInParallelShareNothing() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            for (int i = 0; i < CREATES; i++) {
                c.run("create", "clst-cr" + i, "--", "/bin/true").assertOk();
                c.run("create", "clst-lo" + i, "--", "/bin/true").assertOk();
            }
            for (int i = 0; i < CREATES; i++) {   // what creates killed before their commit leave
                Files.delete(c.root.resolve("etc/cloister/clst-cr" + i + ".conf"));
                Files.delete(c.root.resolve("etc/cloister/clst-lo" + i + ".conf"));
            }
            List<Future<CloisterInstance.Result>> runs = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2 * CREATES + 1)) {
                for (int i = 0; i < CREATES; i++) {
                    String name = "clst-cr" + i;
                    String leftover = "clst-lo" + i;
                    runs.add(pool.submit(() -> c.run("create", name, "--", "/bin/true")));
                    runs.add(pool.submit(() -> c.run("delete", leftover)));
                }
                runs.add(pool.submit(() -> c.run("gc")));
            }
            for (Future<CloisterInstance.Result> run : runs) {
                CloisterInstance.Result r = run.get();
                assertThat(r.exit() == 0 || r.err().contains("no sandbox named")).as("%s", r).isTrue();
            }
            Set<Object> uidBases = new HashSet<>();
            Set<Object> addresses = new HashSet<>();
            for (Object o : (List<?>) JsonReader.read(c.run("list", "--json").assertOk().out())) {
                Map<?, ?> row = (Map<?, ?>) o;
                assertThat(row.get("state")).as("%s", row).isEqualTo("defined");
                assertThat(uidBases.add(row.get("uid_base"))).as("uid base of %s shared", row.get("name")).isTrue();
                assertThat(addresses.add(row.get("addresses"))).as("address of %s shared", row.get("name")).isTrue();
            }
            assertThat(uidBases).hasSize(CREATES);
            HostTraces traces = new HostTraces(c.root);
            for (int i = 0; i < CREATES; i++) {
                assertThat(traces.of("clst-lo" + i)).isEmpty();
            }
            assertThat(traces.staging()).isEmpty();
        }
    }
}
