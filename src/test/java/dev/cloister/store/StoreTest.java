package dev.cloister.store;

import dev.cloister.spec.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreTest {
    @TempDir
    Path dir;

    @Test
    void rootRelocatesEveryPathTogether() {
        CloisterPaths p = CloisterPaths.fromEnvironment(Map.of("CLOISTER_ROOT", "/tmp/x"));
        assertThat(p.config()).isEqualTo(Path.of("/tmp/x/etc/cloister"));
        assertThat(p.state()).isEqualTo(Path.of("/tmp/x/var/lib/cloister"));
        assertThat(p.runtime()).isEqualTo(Path.of("/tmp/x/run/cloister"));
        assertThat(p.unitDir()).isEqualTo(Path.of("/tmp/x/etc/systemd/system"));
        assertThat(CloisterPaths.fromEnvironment(Map.of()).config()).isEqualTo(Path.of("/etc/cloister"));
    }

    @Test
    void namesRejectPathTricks() {
        for (String ok : List.of("web1", "a", "my-box_2.test", "A9")) {
            assertThat(Names.isValid(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("", ".", "..", ".hidden", "a/b", "../x", "a..b", "-opt", "a b", "x".repeat(64), "é")) {
            assertThat(Names.isValid(bad)).as(bad).isFalse();
        }
        assertThatThrownBy(() -> new Store(CloisterPaths.under(dir)).files("../etc"))
                .hasMessageContaining("not a valid sandbox name");
    }

    @Test
    void atomicWritesNeverShowATornFile() throws Exception {
        Path target = dir.resolve("state");
        String a = "A".repeat(200_000);
        String b = "B".repeat(300_000);
        AtomicFiles.write(target, a, "rw-------");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> writer = pool.submit(() -> {
            for (int i = 0; i < 200; i++) {
                AtomicFiles.write(target, i % 2 == 0 ? b : a, "rw-------");
            }
            stop.set(true);
            return null;
        });
        Future<Integer> reader = pool.submit(() -> {
            int reads = 0;
            while (!stop.get()) {
                String seen = Files.readString(target);
                assertThat(seen.equals(a) || seen.equals(b)).as("a whole version").isTrue();
                reads++;
            }
            return reads;
        });
        writer.get();
        assertThat(reader.get()).isPositive();
        pool.shutdown();
        assertThat(Files.list(dir)).containsExactly(target);
        assertThat(Files.getPosixFilePermissions(target)).hasSize(2);
    }

    @Test
    void statusOfLeftoversIsIncompleteNotHidden() throws Exception {
        Store store = new Store(CloisterPaths.under(dir));
        store.ensureLayout();
        Files.createDirectories(store.paths().tree("half"));
        assertThat(store.names()).containsExactly("half");
        assertThat(store.status("half")).isInstanceOf(SandboxStatus.Incomplete.class);
        Files.createDirectories(store.paths().state().resolve(".staging.creating"));
        Files.createDirectories(store.paths().metaRoot().resolve(".gone.deleting"));
        assertThat(store.names()).containsExactly("gone", "half", "staging");
        assertThat(store.leftover("staging").orElseThrow().operation()).isEqualTo(Leftover.Operation.CREATE);
        assertThat(store.leftover("gone").orElseThrow().operation()).isEqualTo(Leftover.Operation.DELETE);
        assertThat(((SandboxStatus.Incomplete) store.status("gone")).what())
                .isEqualTo("an interrupted delete: `cloister delete gone` or `cloister gc` finishes it");
        Files.createDirectories(store.paths().metaRoot().resolve(".staging.creating"));
        Files.writeString(store.paths().metaRoot().resolve(".staging.creating/journal"), "operation clone\nsource web\n");
        assertThat(store.leftover("staging").orElseThrow().what()).isEqualTo("an interrupted clone of web");
    }

    @Test
    void runtimeStateIsParsedAndDeadMonitorsAreNotRunning() throws Exception {
        Path state = dir.resolve("state");
        Files.writeString(state, "monitor-pid 999999999\nmonitor-start 5\ninit-pid 999999998\ninit-start 6\n"
                + "cgroup /sys/fs/cgroup/memory/x\ncgroup /sys/fs/cgroup/pids/x\nstarted 1700000000\nfuture-key 1\n");
        RuntimeState s = RuntimeState.read(state).orElseThrow();
        assertThat(s.cgroups()).containsExactly(Path.of("/sys/fs/cgroup/memory/x"), Path.of("/sys/fs/cgroup/pids/x"));
        assertThat(s.monitorAlive()).isFalse();
        assertThat(RuntimeState.read(dir.resolve("absent"))).isEmpty();
        Files.writeString(state, "monitor-pid 12\nmonitor-start x\n");
        assertThatThrownBy(() -> RuntimeState.read(state)).isInstanceOf(DamagedFileException.class)
                .hasMessageContaining(state + ":2: bad number");
        Files.writeString(state, "monitor-pid 999999999\nmonitor-start 5\ncgroup /sys/fs/cgroup/pids/x\n");
        assertThat(RuntimeState.read(state).orElseThrow().hasInit()).as("a start in progress").isFalse();
    }

    @Test
    void exitRecordsReadBothForms() throws Exception {
        Path exit = dir.resolve("exit");
        Files.writeString(exit, "exited 3 1700000000\n");
        assertThat(ExitRecord.read(exit).orElseThrow().shellStatus()).isEqualTo(3);
        Files.writeString(exit, "signaled 9 1700000000\n");
        assertThat(ExitRecord.read(exit).orElseThrow().shellStatus()).isEqualTo(137);
        Files.writeString(exit, "lost 1700000000\n0 1700000000\n");   // a writer killed before its truncate
        assertThat(ExitRecord.read(exit).orElseThrow().describe()).isEqualTo("unknown: its monitor was killed");
        Files.writeString(exit, "created 1700000000\n");
        assertThat(ExitRecord.read(exit).orElseThrow().ended()).isFalse();
        Files.writeString(exit, "garbage");
        assertThatThrownBy(() -> ExitRecord.read(exit)).hasMessageContaining(exit + ":1: unreadable");
    }
}
