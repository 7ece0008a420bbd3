package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.HostTraces;
import dev.cloister.json.JsonReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A monitor killed with SIGKILL: list never calls the sandbox running, and gc, the helper's fast
 * stop and the JVM's stop each clean up everything it left, with the same message.
 */
@Tag("root")
class KilledMonitorIT {
    private static final String SLEEPER = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
    private static final String NAME = "clst-km";

    @Test
    void gcAndEitherStopCleanUpAfterAKilledMonitor() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            HostTraces traces = new HostTraces(c.root);
            c.run("create", NAME, "--", "/bin/sh", "-c", SLEEPER).assertOk();
            List<String> files = traces.of(NAME);

            killMonitor(c);
            assertThat(traces.of(NAME)).as("what the killed monitor left")
                    .anyMatch(t -> t.startsWith("cgroup ")).anyMatch(t -> t.contains("run/cloister/" + NAME));
            assertThat(c.run("gc").assertOk().out()).contains("cleaned up after the killed monitor of " + NAME);
            assertCleanedUp(c, traces, files);

            killMonitor(c);
            assertThat(c.run("stop", NAME).assertOk().out()).as("the helper's fast path")
                    .isEqualTo(NAME + " was not running (its monitor had been killed: cleaned up after it)\n");
            assertCleanedUp(c, traces, files);

            killMonitor(c);
            assertThat(c.run("stop", "--timeout", "1.5", NAME).assertOk().out()).as("the JVM's stop")
                    .isEqualTo(NAME + " was not running (its monitor had been killed: cleaned up after it)\n");
            assertCleanedUp(c, traces, files);
        }
    }

    /** Starts the sandbox, kills its monitor and checks list from that moment on (a zombie monitor is not alive). */
    private static void killMonitor(CloisterInstance c) throws Exception {
        c.run("start", NAME).assertOk();
        String state = Files.readString(c.runDir(NAME).resolve("state"));
        long monitor = Long.parseLong(state.lines().filter(l -> l.startsWith("monitor-pid ")).findFirst().orElseThrow()
                .substring(12));
        ProcessHandle handle = ProcessHandle.of(monitor).orElseThrow();
        new ProcessBuilder("kill", "-KILL", Long.toString(monitor)).start().waitFor();
        while (handle.isAlive() && !zombie(monitor)) {
            Thread.sleep(5);
        }
        for (int i = 0; i < 15; i++) {
            assertThat(state(c)).as("list right after the monitor died").isNotEqualTo("running");
            Thread.sleep(40);
        }
        assertThat(state(c)).isEqualTo("lost");
    }

    private static void assertCleanedUp(CloisterInstance c, HostTraces traces, List<String> files) throws Exception {
        assertThat(traces.of(NAME)).as("left after the cleanup").containsExactlyInAnyOrderElementsOf(files);
        assertThat(traces.kernelObjects()).as("bridge, tables, processes").isEmpty();
        assertThat(state(c)).isEqualTo("stopped");
        assertThat(c.run("list").assertOk().out()).contains("unknown: its monitor was killed");
    }

    private static boolean zombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return true;
        }
    }

    private static String state(CloisterInstance c) throws Exception {
        for (Object o : (List<?>) JsonReader.read(c.run("list", "--json").assertOk().out())) {
            Map<?, ?> row = (Map<?, ?>) o;
            if (NAME.equals(row.get("name"))) {
                return String.valueOf(row.get("state"));
            }
        }
        return "absent";
    }
}
