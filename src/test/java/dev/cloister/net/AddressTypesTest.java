package dev.cloister.net;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressTypesTest {

    @Test
    void ipv4RoundTripsAndOrdersUnsigned() {
        assertThat(Ipv4.parse("255.1.0.9").toString()).isEqualTo("255.1.0.9");
        assertThat(Ipv4.parse("200.0.0.1")).isGreaterThan(Ipv4.parse("10.0.0.1"));
        assertThat(Ipv4.parse("10.0.0.255").plus(1)).isEqualTo(Ipv4.parse("10.0.1.0"));
        assertThatThrownBy(() -> Ipv4.parse("1.2.3.4.5")).isInstanceOf(NetworkException.class);
        assertThatThrownBy(() -> Ipv4.parse("1.2.3.-4")).isInstanceOf(NetworkException.class);
    }

    @Test
    void cidrArithmetic() {
        Cidr c = Cidr.parse("10.213.4.0/24");
        assertThat(c.size()).isEqualTo(256);
        assertThat(c.gateway()).isEqualTo(Ipv4.parse("10.213.4.1"));
        assertThat(c.broadcast()).isEqualTo(Ipv4.parse("10.213.4.255"));
        assertThat(c.contains(Ipv4.parse("10.213.4.77"))).isTrue();
        assertThat(c.contains(Ipv4.parse("10.213.5.0"))).isFalse();
        assertThat(c.overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(c)).isTrue();
        assertThat(c.overlaps(Cidr.parse("10.213.5.0/24"))).isFalse();
        assertThat(Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
        assertThatThrownBy(() -> Cidr.parse("10.213.4.1/24")).hasMessageContaining("host bits set; the network is 10.213.4.0/24");
    }

    @Test
    void macs() {
        assertThat(MacAddress.parse("02:AB:cd:00:00:01").toString()).isEqualTo("02:ab:cd:00:00:01");
        MacAddress d = MacAddress.derived("web", 0);
        assertThat(d).isEqualTo(MacAddress.derived("web", 0)).isNotEqualTo(MacAddress.derived("web", 1));
        assertThat(d.toString()).startsWith("02:").matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(MacAddress.parse(d.toString())).isEqualTo(d);
    }

    @Test
    void vethNamesAreShortStableAndDistinct() {
        String a = VethNames.host("web", 0);
        assertThat(a).startsWith("clv").hasSize(14).isEqualTo(VethNames.host("web", 0));
        assertThat(VethNames.host("web", 1)).isNotEqualTo(a).startsWith(a.substring(0, 13));
        assertThat(VethNames.host("db", 0)).isNotEqualTo(a);
        assertThat(VethNames.host("x".repeat(63), 7)).hasSizeLessThanOrEqualTo(15);
        assertThat(VethNames.peer(0)).isEqualTo("host0");
        VethNames.requireDistinct("web", java.util.List.of("db", "web", "mail"));
    }
}
