package dev.cloister.net;

import dev.cloister.Prerequisites;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DhcpAndPublishTest {

    @Test
    void dnsmasqServesOnlyTheDhcpRangeOnTheBridge() {
        DhcpServer d = new DhcpServer(NetworkConfig.of("lab", Cidr.parse("172.20.0.0/24")), Path.of("/run/c/lab.pid"),
                Path.of("/var/lib/c/lab.dhcp"));
        assertThat(d.command()).containsExactly("dnsmasq", "--conf-file=/dev/null", "--no-hosts", "--no-resolv", "--port=0",
                "--interface=clstlab", "--except-interface=lo", "--bind-interfaces",
                "--dhcp-range=172.20.0.192,172.20.0.254,255.255.255.0,12h", "--dhcp-option=option:router,172.20.0.1",
                "--dhcp-authoritative", "--no-ping", "--dhcp-leasefile=/var/lib/c/lab.dhcp", "--pid-file=/run/c/lab.pid");
    }

    @Test
    void publishSpecs() {
        assertThat(PublishSpec.parse("8080:80")).isEqualTo(new PublishSpec(Optional.empty(), 8080, 80, "tcp"));
        assertThat(PublishSpec.parse("127.0.0.1:5353:53/udp"))
                .isEqualTo(new PublishSpec(Optional.of(Ipv4.parse("127.0.0.1")), 5353, 53, "udp"));
        for (String bad : List.of("80", "0:80", "8080:65536", "8080:80/sctp", "localhost:8080:80", "a:b:c:d", "08080:80")) {
            assertThatThrownBy(() -> PublishSpec.parse(bad)).as(bad).isInstanceOf(NetworkException.class)
                    .hasMessageStartingWith("--publish " + bad);
        }
    }

    static final String RULES = """
            add table ip clsttest_nat
            delete table ip clsttest_nat
            table ip clsttest_nat {
            chain prerouting { type nat hook prerouting priority dstnat; policy accept;
            ip daddr 127.0.0.1 tcp dport 8080 dnat to 10.213.0.2:80
            fib daddr type local udp dport 5353 dnat to 10.213.0.3:53
            }
            chain output { type nat hook output priority -100; policy accept;
            ip daddr 127.0.0.1 tcp dport 8080 dnat to 10.213.0.2:80
            fib daddr type local udp dport 5353 dnat to 10.213.0.3:53
            }
            chain postrouting { type nat hook postrouting priority srcnat; policy accept;
            ip saddr 127.0.0.0/8 ip daddr 10.213.0.2 tcp dport 80 masquerade
            ip saddr 127.0.0.0/8 ip daddr 10.213.0.3 udp dport 53 masquerade
            }
            }
            """;

    private static List<PublishRules.Forward> forwards() {
        return List.of(new PublishRules.Forward(PublishSpec.parse("127.0.0.1:8080:80"), Ipv4.parse("10.213.0.2")),
                new PublishRules.Forward(PublishSpec.parse("5353:53/udp"), Ipv4.parse("10.213.0.3")));
    }

    private static String script() {
        return NftScript.table("ip", "clsttest_nat", PublishRules.publish("clsttest_nat", forwards()));
    }

    @Test
    void rulesetText() {
        assertThat(script()).isEqualTo(RULES);
    }

    /** nft -c parses and checks the ruleset against the kernel without applying anything. */
    @Test
    @Tag("root")
    void nftAcceptsTheRuleset() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireExecutable(Path.of("/usr/sbin/nft"), "nftables");
        Process p = new ProcessBuilder("/usr/sbin/nft", "-c", "-f", "-").redirectErrorStream(true).start();
        // in check mode the "delete" of a table that does not exist yet is fine after the "add"
        p.getOutputStream().write(script().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }
}
