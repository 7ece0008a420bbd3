package dev.cloister.it.escape;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cloister.it.escape.Attack.blocked;
import static dev.cloister.it.escape.Attack.control;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, items 7, 8 and 9, on the bridge: a sandbox cannot take another's address (forged
 * ARP, forged MAC), reaches the host only for DHCP and DNS, and cannot publish a port another
 * sandbox or a host service holds. Each attack has a control that shows it working where the
 * guard is not: an unfiltered port of the test's own on the same bridge, a network with host
 * access, the same port once free.
 */
@Tag("root")
class NetworkGuardsIT {
    static final String A = "clst-test-net-a";
    static final String B = "clst-test-net-b";
    static Cloister c;
    static Path escape;
    static String bridge;
    static String gateway;

    @BeforeAll
    static void sandboxes() throws Exception {
        Prerequisites.requireExecutable(Path.of("/usr/sbin/nft"), "nftables");   // the bridge's guards
        Prerequisites.requireUnit("apache2");
        escape = Attack.program();
        c = Cloister.createWith(k -> {
            k.run("create", "-u", "apache2", A).assertOk();
            k.run("create", B, "--", "/bin/sleep", "600").assertOk();
            k.install(A, escape);
            k.run("start", A).assertOk();
            k.run("start", B).assertOk();
            String net = k.run("network", "inspect", "--json", "cloister0").assertOk().out();
            bridge = field(net, "bridge");
            gateway = field(net, "gateway");
        });
    }

    @AfterAll
    static void cleanup() throws Exception {
        Cloister.closeAndReport(c);
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", key, json).isTrue();
        return m.group(1);
    }

    private static String address(String name) throws Exception {
        String json = c.run("inspect", "--json", name).assertOk().out();
        Matcher m = Pattern.compile("\"addresses\"\\s*:\\s*\\[\\s*\"([0-9.]+)/").matcher(json);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static void sendMarker(String to, String marker) throws Exception {
        byte[] data = marker.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 3; i++) {
                s.send(new DatagramPacket(data, data.length, InetAddress.getByName(to), 9));
                Thread.sleep(200);
            }
        }
    }

    /** Forges ARP from WHERE (args before the program), then sends the host's traffic for B: does WHERE get it? */
    private static Result steal(List<String> sniffer, List<String> forger, String victimIp, String marker) throws Exception {
        sendMarker(victimIp, "clst-test-warmup"); // the host has a neighbour entry for B to be changed
        Cloister.Background sniff = c.start(sniffer);
        sniff.awaitOutput("SNIFFING", 20);
        c.command(30, forger);
        sendMarker(victimIp, marker);
        return sniff.await(30);
    }

    @Test
    void aForgedArpOrMacDoesNotTakeAnotherSandboxsAddress() throws Exception {
        String b = address(B);
        String marker = "clst-test-arp-" + ProcessHandle.current().pid();
        String cli = c.cli("execute", A, "--", "/root/escape");
        Result own = steal(List.of("/bin/sh", "-c", cli + " sniff " + marker + " 4"),
                List.of("/bin/sh", "-c", cli + " arp-forge host0 " + b + " " + gateway), b, marker);
        blocked("forged ARP for another sandbox's address (own MAC)", own,
                "anti-spoofing table on the sandbox's port (netdev ingress): ARP and IPv4 only from its own addresses");
        Result forged = steal(List.of("/bin/sh", "-c", cli + " sniff " + marker + "-m 4"),
                List.of("/bin/sh", "-c", cli + " arp-forge host0 " + b + " " + gateway + " 02:de:ad:be:ef:01"), b,
                marker + "-m");
        blocked("forged ARP for another sandbox's address (forged MAC)", forged, "frames only from the port's own MAC");

        // control: the same attack from a port of our own on the same bridge, without the filter
        String ns = "clst-test-spoof-" + ProcessHandle.current().pid();
        String veth = "clsttsp" + ProcessHandle.current().pid() % 10000;
        try {
            c.host("ip", "netns", "add", ns).assertOk();
            c.host("ip", "link", "add", veth, "type", "veth", "peer", "name", "spoof0", "netns", ns).assertOk();
            c.host("ip", "link", "set", veth, "master", bridge, "up").assertOk();
            c.host("ip", "-n", ns, "link", "set", "spoof0", "up").assertOk();
            Result unfiltered = steal(List.of("ip", "netns", "exec", ns, escape.toString(), "sniff", marker + "-c", "4"),
                    List.of("ip", "netns", "exec", ns, escape.toString(), "arp-forge", "spoof0", b, gateway), b,
                    marker + "-c");
            control("forged ARP for another sandbox's address (own MAC)", unfiltered);
        } finally {
            c.host("ip", "link", "del", veth);
            c.host("ip", "netns", "del", ns);
            c.host("ip", "neigh", "flush", "to", b, "dev", bridge);
        }
    }

    @Test
    void theHostIsReachableOnlyForDhcpAndDnsUnlessTheNetworkAllowsIt() throws Exception {
        try (ServerSocket listener = new ServerSocket(0)) {
            int port = listener.getLocalPort();
            String probe = "timeout 3 bash -c 'exec 3<>/dev/tcp/%s/" + port + "' && echo OPEN || echo CLOSED";
            Result gw = c.sh(A, String.format(probe, gateway));
            assertThat(gw.out().strip()).as("a host service on the bridge's address, from the sandbox").isEqualTo("CLOSED");
            c.run("network", "create", "clsttopen", "--allow-host").assertOk();
            c.run("create", "-N", "source=clsttopen", "clst-test-net-open", "--", "/bin/sleep", "600").assertOk();
            c.run("start", "clst-test-net-open").assertOk();
            String openGw = field(c.run("network", "inspect", "--json", "clsttopen").assertOk().out(), "gateway");
            Result other = c.sh(A, String.format(probe, openGw));
            assertThat(other.out().strip()).as("a host service on another bridge's address").isEqualTo("CLOSED");
            Result open = c.sh("clst-test-net-open", String.format(probe, openGw));
            assertThat(open.out().strip()).as("control: a network created with --allow-host").isEqualTo("OPEN");
            Attack.note("reach host services from a sandbox (its gateway, another bridge's address)", "blocked: TCP to a"
                    + " host listener on " + gateway + " and " + openGw + " CLOSED | control: from a network created with"
                    + " --allow-host, OPEN | the bridge's table accepts only DHCP, DNS and replies on input from the bridge");
            c.run("delete", "--force", "clst-test-net-open").assertOk();
        }
    }

    @Test
    void aPublishedPortHeldBySomeoneElseIsRefusedNamingTheHolder() throws Exception {
        try (ServerSocket hostService = new ServerSocket(0)) {
            int taken = hostService.getLocalPort();
            Result shadow = c.run("create", "--publish", taken + ":80", "clst-test-pub-x", "--", "/bin/sleep", "600");
            assertThat(shadow.exit()).as("publish a port a host service holds: %s", shadow).isNotZero();
            assertThat(shadow.err()).contains("held by pid " + ProcessHandle.current().pid());
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            c.run("create", "--publish", port + ":80", "clst-test-pub-1", "--", "/bin/sleep", "600").assertOk();
            Result twice = c.run("create", "--publish", port + ":80", "clst-test-pub-2", "--", "/bin/sleep", "600");
            assertThat(twice.err()).contains("sandbox clst-test-pub-1 publishes that host port");
            try (Cloister other = Cloister.create()) {
                other.run("create", "--publish", port + ":80", "clst-test-pub-3", "--", "/bin/sleep", "600").assertOk();
                c.run("start", "clst-test-pub-1").assertOk();
                Result clash = other.run("start", "clst-test-pub-3");
                assertThat(clash.exit()).as("start of another instance's sandbox on the same port: %s", clash).isNotZero();
                assertThat(clash.err()).contains("already held by sandbox clst-test-pub-1");
                // and no host service can take the port while the sandbox holds it
                boolean hostCould;
                try (ServerSocket late = new ServerSocket(port)) {
                    hostCould = true;
                } catch (java.net.BindException e) {
                    hostCould = false;
                }
                assertThat(hostCould).as("a host service binding the published port").isFalse();
                // control: once the port is free, the same start works
                c.run("stop", "clst-test-pub-1").assertOk();
                other.run("start", "clst-test-pub-3").assertOk();
                other.run("stop", "clst-test-pub-3").assertOk();
                Attack.note("publish a port a host service or another sandbox holds", "blocked: create refused ("
                        + shadow.err().strip() + "); same instance: refused at create; another instance: start refused ("
                        + clash.err().strip() + "); a host service could not bind it meanwhile | control: the same start"
                        + " once the port was free | the monitor holds each published port (publish-hold)");
            }
        }
    }
}
