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
        return p.lines().stream().filter(l -> l.equals(op) || l.startsWith(op + " ")).toList();
    }

    @Test
    void everyBridgeGetsItsTableWhenNftIsThere() {
        NetworkPlan p = plan(List.of("source=lab"), List.of(), TOOLS);
        assertThat(ops(p, "nft-binary")).containsExactly("nft-binary /usr/sbin/nft");
        assertThat(ops(p, "nft-table")).filteredOn(l -> l.startsWith("nft-table clstlab ")).singleElement().asString()
                .startsWith("nft-table clstlab clst_br_clstlab ")
                .contains("iifname%20\"clstlab\"%20udp%20dport%20{%2053,%2067%20}%20accept")
                .contains("iifname%20\"clstlab\"%20drop")
                .contains("iifname%20\"clstlab\"%20ip%20daddr%20127.0.0.0/8%20drop")
                .contains("oifname%20\"cl*\"%20drop")
                .doesNotContain("masquerade");
        // the port's own table: only its MAC, only its address (ARP and IPv4), nothing else
        String veth = VethNames.host("clstlab/web", 0);
        assertThat(ops(p, "nft-table")).filteredOn(l -> l.startsWith("nft-table - clst_a_")).singleElement().asString()
                .startsWith("nft-table - clst_a_" + veth + " ").endsWith(" netdev")
                .contains("device%20\"" + veth + "\"%20priority%20-500;%20policy%20drop;")
                .contains("ip%20saddr%20{%20172.20.0.2%20}%20accept");
        assertThat(ops(p, "ip-forward")).isEmpty();
        assertThat(ops(p, "dhcp-server")).isEmpty();
        // named without DHCP too: the last sandbox to leave a bridge stops the server another started
        assertThat(ops(p, "net-run-dir")).hasSize(1);
        assertThat(p.lines().getFirst()).startsWith("net-lock ");
    }

    @Test
    void withoutNftThePlanIsAsBefore() {
        assertThat(plan(List.of("source=lab"), List.of(), BARE).lines())
                .noneMatch(l -> l.startsWith("nft-") || l.startsWith("ip-forward"));
    }

    @Test
    void natMasqueradesTheSubnetAndTurnsOnForwarding() {
        NetworkPlan p = plan(List.of("source=out"), List.of(), TOOLS);
        assertThat(String.join("\n", ops(p, "nft-table")))
                .contains("ip%20saddr%20172.21.0.0/24%20ip%20daddr%20!=%20172.21.0.0/24%20oifname%20!=%20\"clstout\"%20masquerade");
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
        String table = ops(p, "nft-table").stream().filter(l -> l.startsWith("nft-table - clst_p_")).findFirst().orElseThrow();
        assertThat(ops(p, "publish-hold")).containsExactly("publish-hold tcp 127.0.0.1 8080");
        assertThat(table).startsWith("nft-table - " + VethNames.publishTable("clstlab/web") + " ")
                .contains("ip%20daddr%20127.0.0.1%20tcp%20dport%208080%20dnat%20to%20172.20.0.2:80");
    }

    @Test
    void publishOnEveryAddressAlsoForwards() {
        NetworkPlan p = plan(List.of("source=lab"), List.of("8080:80/udp"), TOOLS);
        assertThat(ops(p, "route-localnet")).hasSize(1);
        assertThat(ops(p, "ip-forward")).hasSize(1);
        assertThat(String.join("\n", ops(p, "nft-table"))).contains("fib%20daddr%20type%20local%20udp%20dport%208080");
    }

    @Test
    void publishGoesToTheFirstAddressAndNeedsOne() {
        NetworkPlan p = plan(List.of("source=lab,dhcp", "source=out"), List.of("9000:90"), TOOLS);
        assertThat(String.join("\n", ops(p, "nft-table"))).contains("dnat%20to%20172.21.0.2:90");
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
        String script = "table ip clst_test_chk {\n" + PublishRules.bridgeBody(OUT) + "\n}\n"
                + "table netdev clst_test_chk_a {\n" + PublishRules.antiSpoofBody("lo", MacAddress.parse("02:00:00:00:00:01"),
                        List.of("172.20.0.2", "172.20.0.0/24"), true) + "\n}\n";
        Process proc = new ProcessBuilder("/usr/sbin/nft", "-c", "-f", "-").redirectErrorStream(true).start();
        proc.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        proc.getOutputStream().close();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(proc.waitFor()).as(out).isZero();
    }
}
