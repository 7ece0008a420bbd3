package dev.cloister.it.network;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;
import dev.cloister.it.Processes;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Networking on the real kernel: two named networks (their own bridges), HTTP servers in generic
 * sandboxes, a published port, DHCP, -N none, and a monitor killed with SIGKILL. Everything the
 * tests make on the host (bridges, veths, nft tables, the DHCP server, addresses) is checked gone
 * at the end.
 */
@Tag("root")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NetworkIT {
    /** An HTTP server on port 8000 serving the sandbox's name; as PID 1 it needs its own SIGTERM handler. */
    private static final String PY_HTTP = "echo %s > /tmp/index.html; cd /tmp && exec /usr/bin/python3 -c '"
            + "import os, signal, http.server\n"
            + "signal.signal(signal.SIGTERM, lambda *a: os._exit(0))\n"
            + "http.server.ThreadingHTTPServer((\"\", 8000), http.server.SimpleHTTPRequestHandler).serve_forever()'";
    private static final Pattern ADDRESS = Pattern.compile("\"addresses\"\\s*:\\s*\\[\\s*\"([0-9.]+)/(\\d+)\"");

    private NetInstance c;
    private final Set<String> hostObjects = new LinkedHashSet<>();
    private final List<String> gateways = new ArrayList<>();
    private int publishedPort;

    @BeforeAll
    void twoNetworksThreeServers() throws Exception {
        c = NetInstance.create();
        c.cloister("network", "create", "tna").assertOk();
        c.cloister("network", "create", "tnb").assertOk();
        publishedPort = 20000 + ThreadLocalRandom.current().nextInt(20000);
        c.cloister("create", "web1", "-N", "source=tna", "--publish", "127.0.0.1:" + publishedPort + ":8000",
                "--", "/bin/sh", "-c", PY_HTTP.formatted("web1")).assertOk();
        c.cloister("create", "web2", "-N", "source=tna", "--", "/bin/sh", "-c", PY_HTTP.formatted("web2")).assertOk();
        c.cloister("create", "web3", "-N", "source=tnb", "--", "/bin/sh", "-c", PY_HTTP.formatted("web3")).assertOk();
        for (String s : List.of("web1", "web2", "web3")) {
            hostObjects.addAll(c.hostObjects(s));
            c.cloister("start", s).assertOk();
        }
        for (String n : List.of("tna", "tnb")) {
            Matcher m = Pattern.compile("\"gateway\"\\s*:\\s*\"([0-9.]+)\"").matcher(c.cloister("network", "inspect", "--json", n).assertOk().out());
            assertThat(m.find()).isTrue();
            gateways.add(m.group(1));
        }
        for (String s : List.of("web1", "web2", "web3")) {
            waitForHttp(address(s), 8000);
        }
    }

    @AfterAll
    void nothingIsLeftBehind() throws Exception {
        if (c == null) {
            return;
        }
        c.close();
        assertThat(NetInstance.existing(new ArrayList<>(hostObjects))).as("links and nft tables left behind").isEmpty();
        String addrs = NetInstance.host("ip", "-o", "-4", "addr").assertOk().out();
        for (String gw : gateways) {
            assertThat(addrs).as("gateway address left on the host").doesNotContain(" " + gw + "/");
        }
        assertThat(c.netRunDir().resolve("x").getParent()).satisfiesAnyOf(
                d -> assertThat(d).doesNotExist(),
                d -> assertThat(Files.list(d).toList()).as("DHCP pid/lease files").isEmpty());
    }

    private String address(String sandbox) throws Exception {
        Matcher m = ADDRESS.matcher(c.cloister("inspect", "--json", sandbox).assertOk().out());
        assertThat(m.find()).as("addresses of " + sandbox).isTrue();
        return m.group(1);
    }

    private static String curl(String url) throws Exception {
        return NetInstance.host("curl", "-s", "-m", "5", url).out();
    }

    private static void waitForHttp(String ip, int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (!curl("http://" + ip + ":" + port + "/").isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no HTTP server on " + ip + ":" + port);
    }

    /** From inside a sandbox: the page at url, or "unreachable". */
    private String fetchInside(String sandbox, String url) throws Exception {
        return c.cloister("execute", sandbox, "--", "/usr/bin/python3", "-c",
                "import urllib.request\ntry:\n print(urllib.request.urlopen('" + url + "', timeout=2).read().decode().strip())\n"
                        + "except Exception as e:\n print('unreachable', e)").out().strip();
    }

    @Test
    void sandboxesGetDifferentAddressesAndTheHostReachesEach() throws Exception {
        Set<String> seen = new LinkedHashSet<>();
        for (String s : List.of("web1", "web2", "web3")) {
            String ip = address(s);
            assertThat(seen.add(ip)).as("address %s of %s is unique", ip, s).isTrue();
            assertThat(curl("http://" + ip + ":8000/").strip()).isEqualTo(s);
        }
        assertThat(c.cloister("list", "--json").assertOk().out()).contains(address("web1")).contains(address("web2"));
    }

    @Test
    void eachSandboxSeesOnlyLoopbackAndItsOwnInterface() throws Exception {
        for (String s : List.of("web1", "web2", "web3")) {
            assertThat(c.cloister("execute", s, "--", "/bin/ls", "/sys/class/net").assertOk().out().split("\\s+"))
                    .containsExactlyInAnyOrder("host0", "lo");
        }
    }

    @Test
    void sameNetworkReachesEachOtherDifferentNetworksDoNot() throws Exception {
        assertThat(fetchInside("web1", "http://" + address("web2") + ":8000/")).isEqualTo("web2");
        assertThat(fetchInside("web1", "http://" + address("web3") + ":8000/")).startsWith("unreachable");
        assertThat(fetchInside("web3", "http://" + address("web1") + ":8000/")).startsWith("unreachable");
    }

    @Test
    void publishedPortAnswersOnLoopbackWhileTheSandboxRuns() throws Exception {
        assertThat(curl("http://127.0.0.1:" + publishedPort + "/").strip()).isEqualTo("web1");
        // and a sandbox cannot use the bridge's route_localnet to reach the host's loopback
        assertThat(fetchInside("web2", "http://127.0.0.1:" + publishedPort + "/")).startsWith("unreachable");
    }

    @Test
    void noneHasOnlyLoopback() throws Exception {
        c.cloister("create", "lonely", "-N", "none", "--", "/bin/ls", "/sys/class/net").assertOk();
        assertThat(c.cloister("start", "--attach", "lonely").assertOk().out().strip()).isEqualTo("lo");
        assertThat(c.cloister("inspect", "--json", "lonely").assertOk().out()).doesNotContain("veth");
    }

    @Test
    void dhcpInterfaceGetsItsAddressFromTheNetworksServer() throws Exception {
        Prerequisites.requireExecutable(Path.of("/usr/bin/busybox"), "busybox");   // its udhcpc
        c.cloister("create", "dyn", "-N", "source=tnb,dhcp", "--", "/usr/bin/busybox", "udhcpc", "-i", "host0", "-n",
                "-q", "-f", "-t", "5", "-T", "1", "-s", "/bin/true").assertOk();
        hostObjects.addAll(c.hostObjects("dyn"));
        Result r = c.cloister("start", "--attach", "dyn").assertOk();
        String out = r.out() + r.err();   // udhcpc reports on stderr
        Matcher m = Pattern.compile("lease of ([0-9.]+) obtained from ([0-9.]+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(m.group(2)).isEqualTo(gateways.get(1));
        int last = Integer.parseInt(m.group(1).substring(m.group(1).lastIndexOf('.') + 1));
        assertThat(last).as("in the DHCP range (top quarter of the /24)").isBetween(192, 254);
        // the server keeps running for the network while web3 uses the bridge
        Path pid = c.netRunDir().resolve(c.hostObjects("dyn").stream().filter(o -> o.startsWith("link:cl") && !o.startsWith("link:clv"))
                .findFirst().orElseThrow().substring(5) + ".dhcp.pid");
        assertThat(pid).exists();
        assertThat(Path.of("/proc", Files.readString(pid).strip())).exists();
    }

    @Test
    void aKilledMonitorLeavesNothingAfterGc() throws Exception {
        c.cloister("network", "create", "tnk").assertOk();
        c.cloister("create", "doomed", "-N", "source=tnk", "--publish", "127.0.0.1:" + (publishedPort + 1) + ":8000",
                "--", "/bin/sh", "-c", PY_HTTP.formatted("doomed")).assertOk();
        c.cloister("create", "doomed2", "-N", "source=tnk,dhcp", "--", "/bin/sleep", "600").assertOk();
        List<String> objects = new ArrayList<>(c.hostObjects("doomed"));
        objects.addAll(c.hostObjects("doomed2"));
        hostObjects.addAll(objects);
        c.cloister("start", "doomed").assertOk();
        c.cloister("start", "doomed2").assertOk();
        assertThat(NetInstance.existing(objects)).containsExactlyInAnyOrderElementsOf(new LinkedHashSet<>(objects));
        for (String s : List.of("doomed", "doomed2")) {
            String state = Files.readString(c.root.resolve("run/cloister").resolve(s).resolve("state"));
            Matcher m = Pattern.compile("monitor-pid (\\d+)").matcher(state);
            assertThat(m.find()).isTrue();
            ProcessHandle monitor = ProcessHandle.of(Long.parseLong(m.group(1))).orElseThrow();
            assertThat(monitor.info().command().orElse("")).endsWith("cloister-helper");
            NetInstance.host("kill", "-KILL", m.group(1)).assertOk();
            monitor.onExit().get();
        }
        for (int i = 0; i < 50 && NetInstance.existing(objects).stream().anyMatch(o -> o.startsWith("link:clv")); i++) {
            Thread.sleep(100);   // the kernel removes the veths with the netns, asynchronously
        }
        assertThat(NetInstance.existing(objects)).as("left by the killed monitors").isNotEmpty();
        c.cloister("gc").assertOk();
        assertThat(NetInstance.existing(objects)).as("after gc").isEmpty();
        assertThat(Processes.namingRoot(c.root)).as("DHCP server of the network").allMatch(pid -> !isDnsmasq(pid));
    }

    private static boolean isDnsmasq(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command()).orElse("").endsWith("dnsmasq");
    }
}
