package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.Commands;
import dev.cloister.it.HostTraces;
import dev.cloister.json.JsonReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A monitor killed with SIGKILL: list never calls the sandbox running, and every way a user has
 * to stop it (gc, bin/cloister's fast stop, the JVM's stop, the host unit's ExecStop) runs the
 * helper's one stop: it cleans up everything the monitor left (cgroups, veth, bridge, mounts, run
 * directory), says so the same way, a second stop exits 0, and the sandbox starts again.
 */
@Tag("root")
class KilledMonitorIT {
    private static final String SLEEPER = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";
    private static final String NAME = "clst-km";
    private static final String CLEANED = NAME + " was not running (its monitor had been killed: cleaned up after it)\n";

    /** One way to stop, and what it prints after a killed monitor. */
    private record Entry(String what, Stop stop, String says) {
    }

    @FunctionalInterface
    private interface Stop {
        CloisterInstance.Result run() throws Exception;
    }

    @Test
    void everyWayToStopCleansUpAfterAKilledMonitor() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            HostTraces traces = new HostTraces(c.root);
            c.run("create", NAME, "--", "/bin/sh", "-c", SLEEPER).assertOk();
            List<String> files = traces.of(NAME);
            c.run("start", NAME).assertOk();
            assertThat(traces.of(NAME)).as("a running sandbox on the default network").anyMatch(t -> t.startsWith("veth "));
            assertThat(c.run("stop", NAME).assertOk().out()).isEqualTo("stopped " + NAME + "\n");
            traces.remember();   // the default network's bridge is checked from now on

            List<Entry> entries = List.of(
                    new Entry("gc", () -> c.run("gc"), "cleaned up after the killed monitor of " + NAME + "\n"),
                    new Entry("bin/cloister's fast path, without a JVM", () -> withoutJvm(c, "stop", NAME), CLEANED),
                    new Entry("the JVM's stop (a fraction of a second only it reads)",
                            () -> c.run("stop", "--timeout", "1.5", NAME), CLEANED),
                    new Entry("the host unit's ExecStop, as systemd runs it", () -> asSystemd(c, execStop(c)), CLEANED));
            for (Entry entry : entries) {
                killMonitor(c);
                assertThat(traces.of(NAME)).as("what the killed monitor left")
                        .anyMatch(t -> t.startsWith("cgroup ")).anyMatch(t -> t.contains("run/cloister/" + NAME));
                assertThat(entry.stop().run().assertOk().out()).as(entry.what()).isEqualTo(entry.says());
                assertCleanedUp(c, traces, files);
                assertThat(c.run("stop", NAME).assertOk().out()).as("a second stop, after %s", entry.what())
                        .isEqualTo(NAME + " was not running\n");
                assertCleanedUp(c, traces, files);
            }
            c.run("start", NAME).assertOk();
            assertThat(state(c)).isEqualTo("running");
            assertThat(c.run("stop", NAME).assertOk().out()).isEqualTo("stopped " + NAME + "\n");
            assertThat(traces.of(NAME)).containsExactlyInAnyOrderElementsOf(files);
        }
    }

    /** The host unit's ExecStop= command line (the unit says which cloister runs and with which root). */
    private static List<String> execStop(CloisterInstance c) throws Exception {
        List<String> unit = Files.readAllLines(c.root.resolve("etc/systemd/system/" + NAME + "_sandbox.service"));
        String line = unit.stream().filter(l -> l.startsWith("ExecStop=")).findFirst().orElseThrow();
        return List.of(line.substring("ExecStop=".length()).split(" "));
    }

    /** ARGS in systemd's environment for the unit: nothing but PATH and the unit's Environment= lines. */
    private static CloisterInstance.Result asSystemd(CloisterInstance c, List<String> args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String l : Files.readAllLines(c.root.resolve("etc/systemd/system/" + NAME + "_sandbox.service"))) {
            if (l.startsWith("Environment=")) {
                String[] kv = l.substring("Environment=".length()).split("=", 2);
                pb.environment().put(kv[0], kv[1]);
            }
        }
        pb.directory(new File("/"));
        return Commands.run(pb, null, 60);
    }

    /** bin/cloister ARGS with no JDK to fall back on: it passes only if the fast path took it. */
    private static CloisterInstance.Result withoutJvm(CloisterInstance c, String... args) throws Exception {
        ProcessBuilder pb = c.builder(c.command(args));
        pb.environment().put("CLOISTER_JAVA", c.root.resolve("no-jdk/bin/java").toString());
        return Commands.run(pb, null, 60);
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

    /** No cgroup, veth, publish table or mount of the sandbox, no bridge or process of the instance, state stopped. */
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
