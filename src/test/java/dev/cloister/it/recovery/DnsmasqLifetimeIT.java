package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.HostTraces;
import dev.cloister.it.Processes;
import dev.cloister.tree.SafeDelete;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A network's DHCP server lives exactly as long as its bridge, whichever sandbox started it and whichever leaves last. */
@Tag("root")
class DnsmasqLifetimeIT {
    private static final String SLEEPER = "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done";

    @Test
    void theServerGoesWithTheBridgeAndGcFindsOneNoSandboxNames() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            HostTraces traces = new HostTraces(c.root);
            c.run("network", "create", "tdl").assertOk();
            c.run("create", "-N", "source=tdl,dhcp", "clst-dyn", "--", "/bin/sh", "-c", SLEEPER).assertOk();
            c.run("create", "-N", "source=tdl", "clst-fix", "--", "/bin/sh", "-c", SLEEPER).assertOk();
            String bridge = Files.readAllLines(c.root.resolve("etc/cloister/networks/tdl.conf")).stream()
                    .filter(l -> l.startsWith("bridge=")).findFirst().orElseThrow().substring(7);
            Path pidFile = c.root.resolve("run/cloister/.networks/" + bridge + ".dhcp.pid");

            c.run("start", "clst-dyn").assertOk();
            c.run("start", "clst-fix").assertOk();
            long dnsmasq = Long.parseLong(Files.readString(pidFile).strip());
            assertThat(alive(dnsmasq)).isTrue();

            c.run("stop", "clst-dyn").assertOk();
            assertThat(alive(dnsmasq)).as("the bridge still has clst-fix").isTrue();
            c.run("stop", "clst-fix").assertOk();
            assertThat(waitGone(dnsmasq)).as("dnsmasq after the last sandbox on its bridge stopped").isTrue();
            assertThat(pidFile).doesNotExist();
            assertThat(traces.kernelObjects()).isEmpty();

            // A server that no sandbox's plan names any more (its metadata went by hand): gc still finds it.
            c.run("start", "clst-dyn").assertOk();
            dnsmasq = Long.parseLong(Files.readString(pidFile).strip());
            killMonitor(c, "clst-dyn");
            // What the killed monitor left besides the server goes by hand, cgroups first (only its record names them).
            Path runDir = c.runDir("clst-dyn");
            for (String line : Files.readAllLines(runDir.resolve("state"))) {
                if (line.startsWith("cgroup ")) {
                    removeCgroup(Path.of(line.substring(7)));
                }
            }
            SafeDelete.deleteTree(runDir);
            SafeDelete.deleteTree(c.root.resolve("var/lib/cloister/.meta/clst-dyn"));
            c.run("gc");
            assertThat(waitGone(dnsmasq)).as("dnsmasq after gc").isTrue();
            assertThat(traces.kernelObjects()).as("bridge and its table after gc").noneMatch(o -> o.contains(bridge));
            assertThat(Processes.namingRoot(c.root)).isEmpty();
        }
    }

    private static void killMonitor(CloisterInstance c, String name) throws Exception {
        String state = Files.readString(c.runDir(name).resolve("state"));
        long monitor = Long.parseLong(state.lines().filter(l -> l.startsWith("monitor-pid ")).findFirst().orElseThrow()
                .substring(12));
        ProcessHandle handle = ProcessHandle.of(monitor).orElseThrow();
        new ProcessBuilder("kill", "-KILL", Long.toString(monitor)).start().waitFor();
        handle.onExit().get();
    }

    /** rmdir, retried while the kernel still reaps the killed sandbox's processes. */
    private static void removeCgroup(Path dir) throws Exception {
        for (int i = 0; i < 100 && Files.exists(dir); i++) {
            try {
                Files.delete(dir);
            } catch (java.nio.file.FileSystemException busy) {
                Thread.sleep(50);
            }
        }
        assertThat(dir).doesNotExist();
    }

    private static boolean waitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 100 && alive(pid); i++) {
            Thread.sleep(50);
        }
        return !alive(pid);
    }

    /** Running, not a zombie waiting for init to reap it. */
    private static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException gone) {
            return false;
        }
    }
}
