package dev.cloister.net;

import dev.cloister.Prerequisites;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plan ops of DHCP, published ports, bridge tables and NAT (docs/networking.md). */
class PublishDhcpPlanTest {
    static final NetworkConfig LAB = NetworkConfig.of("lab", Cidr.parse("172.20.0.0/24"));
    static final NetworkConfig OUT = NetworkConfig.of("out", Cidr.parse("172.21.0.0/24")).withNat(true);
    static final Map<String, NetworkConfig> NETS = Map.of("lab", LAB, "out", OUT);
    static final HostTools TOOLS = new HostTools(Path.of("/run/cloister/.network.lock"), Path.of("/run/cloister/.networks"),
            Optional.of(Path.of("/usr/sbin/nft")), Optional.of(Path.of("/usr/sbin/dnsmasq")));
    static final HostTools BARE = new HostTools(TOOLS.netLock(), TOOLS.netRunDir(), Optional.empty(), Optional.empty());

    private static NetworkPlan plan(List<String> options, List<String> publish, HostTools tools) {
        return NetworkPlanner.plan("web", NetworkSpec.parseAll(options), publish.stream().map(PublishSpec::parse).toList(),
                NETS, Map.of("lab", Ipv4.parse("172.20.0.2"), "out", Ipv4.parse("172.21.0.2")), tools);
    }

    private static List<String> ops(NetworkPlan p, String op) {
        return NetworkPlannerTest.lines(p).stream().filter(l -> l.equals(op) || l.startsWith(op + " ")).toList();
    }

    /** The body of TABLE: its nft-line ops' text, one a line. */
    private static String body(NetworkPlan p, String table) {
        return String.join("\n", ops(p, "nft-line " + table).stream().map(l -> l.substring(("nft-line " + table + " ").length()))
                .toList());
    }

    @Test
    void everyBridgeGetsItsTableWhenNftIsThere() {
        NetworkPlan p = plan(List.of("source=lab"), List.of(), TOOLS);
        assertThat(ops(p, "nft-binary")).containsExactly("nft-binary /usr/sbin/nft");
        assertThat(ops(p, "nft-table")).filteredOn(l -> l.startsWith("nft-table clstlab ")).singleElement().asString()
                .isEqualTo("nft-table clstlab clst_br_clstlab ip");
        assertThat(body(p, "clst_br_clstlab"))
                .contains("\niifname \"clstlab\" udp dport { 53, 67 } accept\n")
                .contains("\niifname \"clstlab\" drop\n")
                .contains("\niifname \"clstlab\" ip daddr 127.0.0.0/8 drop\n")
                .contains(" oifname \"cl*\" drop\n")
                .doesNotContain("masquerade");
        // the port's own table: only its MAC, only its address (ARP and IPv4), nothing else
        String veth = VethNames.host("clstlab/web", 0);
        assertThat(ops(p, "nft-table")).filteredOn(l -> l.startsWith("nft-table - clst_a_")).singleElement().asString()
                .isEqualTo("nft-table - clst_a_" + veth + " netdev");
        assertThat(body(p, "clst_a_" + veth))
                .contains("device \"" + veth + "\" priority -500; policy drop;\n")
                .contains("\nether type ip ip saddr { 172.20.0.2 } accept\n");
        assertThat(ops(p, "ip-forward")).isEmpty();
        assertThat(ops(p, "dhcp-server")).isEmpty();
        // named without DHCP too: the last sandbox to leave a bridge stops the server another started
        assertThat(ops(p, "net-run-dir")).hasSize(1);
        assertThat(NetworkPlannerTest.lines(p).getFirst()).startsWith("net-lock ");
    }

    @Test
    void withoutNftThePlanIsAsBefore() {
        assertThat(NetworkPlannerTest.lines(plan(List.of("source=lab"), List.of(), BARE)))
                .noneMatch(l -> l.startsWith("nft-") || l.startsWith("ip-forward"));
    }

    @Test
    void natMasqueradesTheSubnetAndTurnsOnForwarding() {
        NetworkPlan p = plan(List.of("source=out"), List.of(), TOOLS);
        assertThat(body(p, "clst_br_clstout"))
                .contains("\nip saddr 172.21.0.0/24 ip daddr != 172.21.0.0/24 oifname != \"clstout\" masquerade\n");
        assertThat(ops(p, "ip-forward")).hasSize(1);
        assertThatThrownBy(() -> plan(List.of("source=out"), List.of(), BARE)).hasMessageContaining("apt-get install nftables");
        assertThat(NetworkConfig.parse(OUT.render(), "-")).isEqualTo(OUT);
        assertThat(NetworkConfig.parse(LAB.render(), "-")).isEqualTo(LAB);
        assertThatThrownBy(() -> NetworkConfig.parse(LAB.render() + "nat=maybe\n", "x.conf")).hasMessageContaining("nat=maybe");
    }

    @Test
    void dhcpStartsTheNetworksServerOnce() {
        NetworkPlan p = plan(List.of("source=lab,dhcp"), List.of(), TOOLS);
        assertThat(ops(p, "net-run-dir")).containsExactly("net-run-dir /run/cloister/.networks");
        assertThat(ops(p, "dhcp-server")).singleElement().asString()
                .startsWith("dhcp-server clstlab /usr/sbin/dnsmasq --conf-file=/dev/null ")
                .contains(" --interface=clstlab ")
                .contains(" --dhcp-range=172.20.0.192,172.20.0.254,255.255.255.0,12h ")
                .endsWith(" --pid-file=/run/cloister/.networks/clstlab.dhcp.pid");
        assertThat(ops(p, "address")).isEmpty();
        assertThat(p.addresses()).isEmpty();
        assertThatThrownBy(() -> plan(List.of("source=lab,dhcp"), List.of(), BARE))
                .hasMessageContaining("-N dhcp on network lab needs dnsmasq").hasMessageContaining("dnsmasq-base");
    }

    @Test
    void publishOnLoopbackTurnsOnRouteLocalnetOnTheBridgeOnly() {
        NetworkPlan p = plan(List.of("source=lab"), List.of("127.0.0.1:8080:80"), TOOLS);
        assertThat(ops(p, "route-localnet")).containsExactly("route-localnet clstlab");
        assertThat(ops(p, "ip-forward")).isEmpty();
        String table = VethNames.publishTable("clstlab/web");
        assertThat(ops(p, "publish-hold")).containsExactly("publish-hold tcp 127.0.0.1 8080");
        assertThat(ops(p, "nft-table")).contains("nft-table - " + table + " ip");
        assertThat(body(p, table)).contains("\nip daddr 127.0.0.1 tcp dport 8080 dnat to 172.20.0.2:80\n");
    }

    @Test
    void publishOnEveryAddressAlsoForwards() {
        NetworkPlan p = plan(List.of("source=lab"), List.of("8080:80/udp"), TOOLS);
        assertThat(ops(p, "route-localnet")).hasSize(1);
        assertThat(ops(p, "ip-forward")).hasSize(1);
        assertThat(body(p, VethNames.publishTable("clstlab/web"))).contains("\nfib daddr type local udp dport 8080 ");
    }

    @Test
    void publishGoesToTheFirstAddressAndNeedsOne() {
        NetworkPlan p = plan(List.of("source=lab,dhcp", "source=out"), List.of("9000:90"), TOOLS);
        assertThat(String.join("\n", ops(p, "nft-line"))).contains(" dnat to 172.21.0.2:90\n");
        assertThat(ops(p, "route-localnet")).containsExactly("route-localnet clstout");
        assertThatThrownBy(() -> plan(List.of("source=lab,dhcp"), List.of("9000:90"), TOOLS))
                .hasMessageContaining("--publish needs an interface with an address");
        assertThatThrownBy(() -> plan(List.of("none"), List.of("9000:90"), TOOLS))
                .hasMessageContaining("--publish needs an interface with an address");
        assertThatThrownBy(() -> plan(List.of("source=lab"), List.of("9000:90"), BARE))
                .hasMessageContaining("--publish needs nftables");
    }

    @Test
    void publishTablesAreValidNftNamesAndDifferPerInstance() {
        assertThat(VethNames.publishTable("clstlab/web")).matches("clst_p_[0-9a-f]{10}")
                .isNotEqualTo(VethNames.publishTable("cl12345678i/web"));
        assertThat(LAB.bridgeTable()).isEqualTo("clst_br_clstlab");
        assertThat(NetworkConfig.of("a-b", Cidr.parse("172.22.0.0/24")).bridgeTable()).isEqualTo("clst_br_clsta_b");
    }

    /** nft -c checks the bridge tables against the kernel without applying anything. */
    @Test
    @Tag("root")
    void nftAcceptsTheBridgeTables() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireExecutable(Path.of("/usr/sbin/nft"), "nftables");
        String script = NftScript.table("ip", "clst_test_chk", PublishRules.bridge("clst_test_chk", OUT))
                + NftScript.table("netdev", "clst_test_chk_a", PublishRules.antiSpoof("clst_test_chk_a", "lo",
                        MacAddress.parse("02:00:00:00:00:01"), List.of("172.20.0.2", "172.20.0.0/24"), true));
        Process proc = new ProcessBuilder("/usr/sbin/nft", "-c", "-f", "-").redirectErrorStream(true).start();
        proc.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor()).as(out).isZero();
    }
}
