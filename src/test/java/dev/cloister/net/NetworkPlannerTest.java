package dev.cloister.net;

import dev.cloister.op.PlanText;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkPlannerTest {
    static final NetworkConfig DEFAULT = NetworkConfig.of("cloister0", Cidr.parse("10.213.0.0/24"));
    static final NetworkConfig LAB = NetworkConfig.of("lab", Cidr.parse("172.20.0.0/24"));
    static final Map<String, NetworkConfig> NETS = Map.of("cloister0", DEFAULT, "lab", LAB);
    static final Path LOCK = Path.of("/run/cloister/.network.lock");

    private static NetworkPlan plan(String sandbox, List<String> options, Map<String, Ipv4> leases) {
        return NetworkPlanner.plan(sandbox, NetworkSpec.parseAll(options), NETS, leases, LOCK);
    }

    @Test
    void defaultInterface() {
        NetworkPlan p = plan("web", List.of(), Map.of("cloister0", Ipv4.parse("10.213.0.2")));
        String veth = VethNames.host("cloister0/web", 0);
        assertThat(lines(p)).containsExactly(
                "net-lock /run/cloister/.network.lock",
                "bridge cloister0 10.213.0.1/24",
                "veth " + veth + " cloister0 host0 " + MacAddress.derived("web", 0),
                "net-run-dir /run/cloister/.networks",
                "link-up lo",
                "address host0 10.213.0.2/24 10.213.0.255",
                "link-up host0",
                "route default 10.213.0.1");
        assertThat(p.addresses()).containsExactly("10.213.0.2/24");
    }

    @Test
    void noneIsLoopbackOnly() {
        NetworkPlan p = plan("web", List.of("none"), Map.of());
        assertThat(lines(p)).containsExactly("link-up lo");
        assertThat(p.addresses()).isEmpty();
    }

    @Test
    void dhcpGetsALinkButNoAddress() {
        NetworkPlan p = plan("web", List.of("dhcp,mac=52:54:00:00:00:07"), Map.of());
        assertThat(lines(p)).contains("veth " + VethNames.host("cloister0/web", 0) + " cloister0 host0 52:54:00:00:00:07", "link-up host0");
        assertThat(lines(p)).noneMatch(l -> l.startsWith("address") || l.startsWith("route"));
        assertThat(lines(p)).anyMatch(l -> l.startsWith("dhcp-server cloister0 dnsmasq "));
        assertThat(p.addresses()).isEmpty();
    }

    @Test
    void staticAddressesRoutesAndTwoNetworks() {
        NetworkPlan p = plan("db", List.of("source=cloister0",
                "source=lab,address=172.20.0.9/24,address=192.168.50.5/24%192.168.50.127,route=10.50.0.0/16%172.20.0.1"),
                Map.of("cloister0", Ipv4.parse("10.213.0.3")));
        assertThat(lines(p)).containsExactly(
                "net-lock /run/cloister/.network.lock",
                "bridge cloister0 10.213.0.1/24",
                "veth " + VethNames.host("cloister0/db", 0) + " cloister0 host0 " + MacAddress.derived("db", 0),
                "bridge clstlab 172.20.0.1/24",
                "veth " + VethNames.host("clstlab/db", 1) + " clstlab host1 " + MacAddress.derived("db", 1),
                "net-run-dir /run/cloister/.networks",
                "link-up lo",
                "address host0 10.213.0.3/24 10.213.0.255",
                "link-up host0",
                "route default 10.213.0.1",
                "address host1 172.20.0.9/24 172.20.0.255",
                "address host1 192.168.50.5/24 192.168.50.127",
                "link-up host1",
                "route 10.50.0.0/16 172.20.0.1");
        assertThat(p.addresses()).containsExactly("10.213.0.3/24", "172.20.0.9/24", "192.168.50.5/24");
    }

    @Test
    void anExplicitDefaultRouteWins() {
        NetworkPlan p = plan("db", List.of("source=cloister0,route=0.0.0.0/0%10.213.0.254"), Map.of("cloister0", Ipv4.parse("10.213.0.3")));
        assertThat(lines(p)).filteredOn(l -> l.startsWith("route")).containsExactly("route default 10.213.0.254");
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> plan("web", List.of(), Map.of())).hasMessageContaining("has no address on network cloister0");
        assertThatThrownBy(() -> plan("web", List.of("source=other"), Map.of())).hasMessageContaining("network other does not exist");
        assertThatThrownBy(() -> plan("web", List.of("route=10.9.0.0/16%10.1.1.1"), Map.of("cloister0", Ipv4.parse("10.213.0.2"))))
                .hasMessageContaining("gateway is not on interface 0's subnets");
    }

    @Test
    void noneGetsOnlyItsLoopback() {
        assertThat(lines(NetworkPlanner.plan("w", List.of(new NetworkSpec.None()), NETS, Map.of(), Path.of("/x y"))))
                .containsExactly("link-up lo");
    }

    /** The plan lines of P's ops, as the plan file has them. */
    static List<String> lines(NetworkPlan p) {
        return p.ops().stream().map(PlanText::line).toList();
    }
}
