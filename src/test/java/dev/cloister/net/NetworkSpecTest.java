package dev.cloister.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkSpecTest {

    private static NetworkSpec.Interface nic(String option) {
        return (NetworkSpec.Interface) NetworkSpec.parse(option);
    }

    @Test
    void noOptionMeansOneIpamInterfaceOnTheDefaultNetwork() {
        assertThat(NetworkSpec.parseAll(List.of())).containsExactly(
                new NetworkSpec.Interface("cloister0", false, Optional.empty(), List.of(), List.of()));
        assertThat(((NetworkSpec.Interface) NetworkSpec.parseAll(List.of()).getFirst()).ipam()).isTrue();
    }

    @Test
    void none() {
        assertThat(NetworkSpec.parseAll(List.of("none"))).containsExactly(new NetworkSpec.None());
    }

    @Test
    void dhcpWithSourceAndMac() {
        NetworkSpec.Interface i = nic("dhcp,source=lab,mac=52:54:00:AB:cd:01");
        assertThat(i.dhcp()).isTrue();
        assertThat(i.ipam()).isFalse();
        assertThat(i.source()).isEqualTo("lab");
        assertThat(i.mac()).contains(MacAddress.parse("52:54:00:ab:cd:01"));
        assertThat(i.mac().orElseThrow().toString()).isEqualTo("52:54:00:ab:cd:01");
    }

    @Test
    void addressWithAndWithoutBroadcastAndRoutes() {
        NetworkSpec.Interface i = nic("source=default,address=10.0.0.5/24%10.0.0.255,address=192.168.7.9/30,"
                + "route=172.16.0.0/12%10.0.0.1,route=0.0.0.0/0%192.168.7.10");
        assertThat(i.source()).isEqualTo("default");
        assertThat(i.ipam()).isFalse();
        assertThat(i.addresses()).containsExactly(
                new NetworkSpec.StaticAddress(AddressWithPrefix.parse("10.0.0.5/24"), Optional.of(Ipv4.parse("10.0.0.255"))),
                new NetworkSpec.StaticAddress(AddressWithPrefix.parse("192.168.7.9/30"), Optional.empty()));
        assertThat(i.routes()).containsExactly(
                new NetworkSpec.StaticRoute(Cidr.parse("172.16.0.0/12"), Ipv4.parse("10.0.0.1")),
                new NetworkSpec.StaticRoute(Cidr.parse("0.0.0.0/0"), Ipv4.parse("192.168.7.10")));
    }

    @Test
    void routeAloneKeepsIpam() {
        NetworkSpec.Interface i = nic("route=10.9.0.0/16%10.213.0.1");
        assertThat(i.ipam()).isTrue();
        assertThat(i.source()).isEqualTo("cloister0");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                     | is not one of",
            "dhcp,address=10.0.0.5/24               | drop address=/route= or drop dhcp",
            "dhcp,route=10.1.0.0/16%10.0.0.1        | drop address=/route= or drop dhcp",
            "dhcp=yes                               | takes no value",
            "none,dhcp                              | must be alone",
            "address=10.0.0.5                       | needs a prefix length",
            "address=10.0.0.5/33                    | out of range",
            "address=10.0.0.5/024                   | out of range",
            "address=10.0.0.5/0                     | prefix /0",
            "address=10.0.0.256/24                  | not an IPv4 address",
            "address=10.0.0/24                      | not an IPv4 address",
            "address=010.0.0.5/24                   | not an IPv4 address",
            "address=10.0.0.0/24                    | network or broadcast",
            "address=10.0.0.255/24                  | network or broadcast",
            "address=224.0.0.5/24                   | not a usable unicast",
            "address=10.0.0.5/24%10.1.0.255         | outside 10.0.0.0/24",
            "address=fd00::5/64                     | IPv6 is not supported",
            "route=10.1.0.0/16                      | needs a gateway",
            "route=10.1.0.1/16%10.0.0.1             | host bits set",
            "route=10.1.0.0/16%10.0.0               | not an IPv4 address",
            "mac=01:00:5e:00:00:01                  | multicast",
            "mac=00:00:00:00:00:00                  | all zero",
            "mac=52:54:00:12:34                     | not a MAC address",
            "mac=52-54-00-12-34-56                  | not a MAC address",
            "mac=52:54:00:12:34:56,mac=52:54:00:12:34:57 | given twice",
            "source=a,source=b                      | given twice",
            "source=Bad_Name                        | not a valid network name",
            "source=averyveryverylongnet            | not a valid network name",
            "source=                                | is not one of",
            "bridge=br0                             | unknown key 'bridge'",
            "dhcp,,source=x                         | is not one of",
    })
    void rejectsBadInput(String option, String message) {
        assertThatThrownBy(() -> NetworkSpec.parse(option))
                .isInstanceOf(NetworkException.class)
                .hasMessageStartingWith("-N " + option)
                .hasMessageContaining(message.strip());
    }

    @Test
    void noneCannotBeCombined() {
        assertThatThrownBy(() -> NetworkSpec.parseAll(List.of("none", "dhcp")))
                .isInstanceOf(NetworkException.class).hasMessageContaining("-N none means loopback only");
    }

    @Test
    void oneInterfacePerNetworkAndAtMostEight() {
        assertThatThrownBy(() -> NetworkSpec.parseAll(List.of("dhcp", "address=10.0.0.5/24")))
                .isInstanceOf(NetworkException.class).hasMessageContaining("two -N interfaces on network 'cloister0'");
        List<String> nine = java.util.stream.IntStream.range(0, 9).mapToObj(n -> "source=n" + n).toList();
        assertThatThrownBy(() -> NetworkSpec.parseAll(nine)).hasMessageContaining("at most 8");
        assertThat(NetworkSpec.parseAll(nine.subList(0, 8))).hasSize(8);
    }
}
