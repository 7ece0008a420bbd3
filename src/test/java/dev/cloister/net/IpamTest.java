package dev.cloister.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpamTest {
    @TempDir
    Path dir;

    private Ipam ipam(String subnet) {
        return new Ipam(dir, NetworkConfig.of("lab", Cidr.parse(subnet)));
    }

    @Test
    void allocatesFromAfterTheGatewayAndPersists() throws Exception {
        Ipam ipam = ipam("10.213.7.0/24");
        assertThat(ipam.allocate("web")).isEqualTo(Ipv4.parse("10.213.7.2"));
        assertThat(ipam.allocate("db")).isEqualTo(Ipv4.parse("10.213.7.3"));
        assertThat(Files.readString(dir.resolve("lab.leases"))).isEqualTo("10.213.7.2 web\n10.213.7.3 db\n");
        assertThat(ipam("10.213.7.0/24").leases().addressesOf("db")).containsExactly(Ipv4.parse("10.213.7.3"));
    }

    @Test
    void sameSandboxSameAddress() throws Exception {
        Ipam ipam = ipam("10.213.7.0/24");
        Ipv4 first = ipam.allocate("web");
        ipam.allocate("db");
        assertThat(ipam("10.213.7.0/24").allocate("web")).isEqualTo(first);
        assertThat(ipam.leases().byAddress()).hasSize(2);
    }

    @Test
    void releaseReturnsTheAddressToThePool() throws Exception {
        Ipam ipam = ipam("10.213.7.0/24");
        ipam.allocate("a");
        ipam.allocate("b");
        assertThat(ipam.release("a")).isTrue();
        assertThat(ipam.release("a")).isFalse();
        assertThat(ipam.allocate("c")).isEqualTo(Ipv4.parse("10.213.7.2"));
    }

    @Test
    void exhaustionNamesTheNetworkAndItsSize() throws Exception {
        Ipam ipam = ipam("10.213.7.0/28");   // .1 gateway, pool .2-.11, DHCP .12-.14
        for (int i = 0; i < 10; i++) {
            ipam.allocate("s" + i);
        }
        assertThat(ipam.leases().byAddress().keySet()).last().isEqualTo(Ipv4.parse("10.213.7.11"));
        assertThatThrownBy(() -> ipam.allocate("one-too-many"))
                .isInstanceOf(NetworkException.class)
                .hasMessageContaining("network lab (10.213.7.0/28) is full: all 10 addresses of its pool 10.213.7.2-10.213.7.11");
    }

    @Test
    void reservationsKeepStaticAddressesOutOfThePool() throws Exception {
        Ipam ipam = ipam("10.213.7.0/24");
        ipam.reserve("static", Ipv4.parse("10.213.7.2"));
        ipam.reserve("static", Ipv4.parse("10.99.0.1"));   // outside: recorded too, never in the pool
        assertThatThrownBy(() -> ipam.reserve("other", Ipv4.parse("10.99.0.1"))).hasMessageContaining("already used by sandbox static");
        assertThat(ipam.allocate("dyn")).isEqualTo(Ipv4.parse("10.213.7.3"));
        assertThatThrownBy(() -> ipam.reserve("other", Ipv4.parse("10.213.7.3"))).hasMessageContaining("already used by sandbox dyn");
        assertThatThrownBy(() -> ipam.reserve("other", Ipv4.parse("10.213.7.1"))).hasMessageContaining("gateway");
        assertThatThrownBy(() -> ipam.reserve("other", Ipv4.parse("10.213.7.200"))).hasMessageContaining("DHCP range 10.213.7.192-10.213.7.254");
    }

    @Test
    void damagedLeaseFileIsReportedNotIgnored() throws Exception {
        Files.writeString(dir.resolve("lab.leases"), "10.213.7.2 web\nbogus\n");
        assertThatThrownBy(() -> ipam("10.213.7.0/24").allocate("x")).hasMessageContaining("lab.leases:2: damaged");
    }

    @Test
    void threadsWithTheirOwnChannelsGetUniqueAddresses() throws Exception {
        Set<Ipv4> seen = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 120; i++) {
                String name = "t" + i;
                futures.add(pool.submit(() -> {
                    seen.add(ipam("10.213.7.0/24").allocate(name));   // a new Ipam, and FileChannel, per call
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        assertThat(seen).hasSize(120);
        assertThat(ipam("10.213.7.0/24").leases().byAddress()).hasSize(120);
    }

    @Test
    void processesGetUniqueAddresses() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> procs = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            procs.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), IpamWorker.class.getName(),
                    dir.toString(), "10.213.7.0/24", "p" + p, "25").redirectErrorStream(true).start());
        }
        List<String> lines = new ArrayList<>();
        for (Process pr : procs) {
            lines.addAll(new String(pr.getInputStream().readAllBytes()).lines().toList());
            assertThat(pr.waitFor()).isZero();
        }
        assertThat(lines).hasSize(100);
        assertThat(lines.stream().map(l -> l.split(" ")[1]).distinct()).hasSize(100);
        assertThat(ipam("10.213.7.0/24").leases().byAddress()).hasSize(100);
    }
}
