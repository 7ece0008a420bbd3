package dev.cloister.net;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostRoutesTest {
    /** A real /proc/net/route: default via 192.0.2.1, 192.0.2.0/24, 10.213.0.0/23 on a VPN, 10.213.2.0/24 on cloister0. */
    static final String FIXTURE = """
            Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
            eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
            eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            tun0\t0000D50A\t00000000\t0001\t0\t0\t0\t00FEFFFF\t0\t0\t0
            cloister0\t0002D50A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
            """;

    @Test
    void parsesLittleEndianHex() {
        HostRoutes r = HostRoutes.parse(FIXTURE);
        assertThat(r.routes()).extracting(HostRoutes.Route::destination).containsExactly(
                Cidr.parse("0.0.0.0/0"), Cidr.parse("192.0.2.0/24"), Cidr.parse("10.213.0.0/23"), Cidr.parse("10.213.2.0/24"));
        assertThat(r.routes().get(2).iface()).isEqualTo("tun0");
    }

    @Test
    void defaultRouteNeverCollidesAndOurOwnBridgeIsIgnored() {
        HostRoutes r = HostRoutes.parse(FIXTURE);
        assertThat(r.collisions(Cidr.parse("10.99.0.0/24"), "cloister0")).isEmpty();
        assertThat(r.collisions(Cidr.parse("10.213.1.0/24"), "cloister0")).extracting(HostRoutes.Route::iface).containsExactly("tun0");
        assertThat(r.collisions(Cidr.parse("10.213.2.0/24"), "cloister0")).isEmpty();
        assertThat(r.collisions(Cidr.parse("10.213.2.0/24"), "clstlab")).hasSize(1);
    }

    @Test
    void chooserSkipsHostRoutesAndOtherNetworks() {
        HostRoutes r = HostRoutes.parse(FIXTURE);
        assertThat(SubnetChooser.choose("cloister0", r, List.of())).isEqualTo(Cidr.parse("10.213.2.0/24"));
        assertThat(SubnetChooser.choose("lab", r, List.of())).isEqualTo(Cidr.parse("10.213.3.0/24"));
        assertThat(SubnetChooser.choose("lab", r, List.of(Cidr.parse("10.213.3.0/24")))).isEqualTo(Cidr.parse("10.213.4.0/24"));
    }

    @Test
    void chooserFailsClearlyWhenEverythingCollides() {
        HostRoutes vpn = HostRoutes.parse("Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\tMTU\tWindow\tIRTT\n"
                + "tun0\t0000000A\t00000000\t0001\t0\t0\t0\t000000FF\t0\t0\t0\n");
        assertThatThrownBy(() -> SubnetChooser.choose("lab", vpn, List.of()))
                .isInstanceOf(NetworkException.class)
                .hasMessageContaining("no free /24 in 10.213.0.0/16 for network lab")
                .hasMessageContaining("--subnet");
    }

    @Test
    void userSubnetIsChecked() {
        HostRoutes r = HostRoutes.parse(FIXTURE);
        assertThatThrownBy(() -> SubnetChooser.check("lab", Cidr.parse("192.0.2.128/25"), r, List.of()))
                .hasMessageContaining("collides with the host's route 192.0.2.0/24 on eth0");
        assertThatThrownBy(() -> SubnetChooser.check("lab", Cidr.parse("172.20.0.0/24"), r,
                List.of(NetworkConfig.of("other", Cidr.parse("172.20.0.0/16")))))
                .hasMessageContaining("overlaps network other (172.20.0.0/16)");
        SubnetChooser.check("lab", Cidr.parse("172.20.0.0/24"), r, List.of());
    }

    @Test
    void readsThisHostsTable() throws Exception {
        HostRoutes.parse(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/net/route")));
    }
}
