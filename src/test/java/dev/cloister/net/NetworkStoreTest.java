package dev.cloister.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkStoreTest {
    @TempDir
    Path dir;

    private NetworkStore store() {
        return new NetworkStore(dir.resolve("etc/networks"), dir.resolve("meta/.networks"), () -> HostRoutesTest.FIXTURE);
    }

    @Test
    void defaultNetworkAppearsOnFirstUseAvoidingHostRoutes() throws Exception {
        NetworkConfig c = store().get("cloister0");
        assertThat(c).isEqualTo(new NetworkConfig("cloister0", "cloister0", Cidr.parse("10.213.2.0/24")));
        assertThat(Files.readString(dir.resolve("etc/networks/cloister0.conf")))
                .isEqualTo("# cloister network\nname=cloister0\nbridge=cloister0\nsubnet=10.213.2.0/24\n");
        assertThat(store().get("cloister0")).isEqualTo(c);
    }

    @Test
    void namedNetworksLifecycle() throws Exception {
        NetworkStore s = store();
        NetworkConfig lab = s.create("lab", Optional.empty());
        assertThat(lab.bridge()).isEqualTo("clstlab");
        assertThat(lab.subnet()).isEqualTo(Cidr.parse("10.213.3.0/24"));   // cloister0's route counts for others
        NetworkConfig dmz = s.create("dmz", Optional.of(Cidr.parse("172.20.0.0/24")));
        assertThat(s.list()).containsExactly(dmz, lab);
        assertThatThrownBy(() -> s.create("lab", Optional.empty())).hasMessageContaining("network lab already exists");
        assertThatThrownBy(() -> s.create("dmz2", Optional.of(Cidr.parse("172.20.0.128/25"))))
                .hasMessageContaining("overlaps network dmz");
        assertThatThrownBy(() -> s.get("nope")).hasMessageContaining("cloister network create nope");

        s.ipam(lab).allocate("web");
        assertThat(s.inspect("lab").leases().addressesOf("web")).containsExactly(Ipv4.parse("10.213.3.2"));
        assertThatThrownBy(() -> s.delete("lab")).hasMessageContaining("network lab is in use by web");
        s.ipam(lab).release("web");
        s.delete("lab");
        assertThat(s.list()).containsExactly(dmz);
        assertThat(dir.resolve("meta/.networks/lab.leases")).doesNotExist();
        assertThatThrownBy(() -> s.delete("lab")).hasMessageContaining("does not exist");
    }

    @Test
    void badSubnetsAndNames() {
        assertThatThrownBy(() -> store().create("lab", Optional.of(Cidr.parse("10.0.0.0/8")))).hasMessageContaining("/16 to /29");
        assertThatThrownBy(() -> store().create("lab", Optional.of(Cidr.parse("192.0.2.0/24")))).hasMessageContaining("host's route");
        assertThatThrownBy(() -> store().create("Lab!", Optional.empty())).hasMessageContaining("not a valid network name");
    }

    @Test
    void allocatorAllocatesReservesAndReleases() throws Exception {
        NetworkStore s = store();
        s.create("lab", Optional.of(Cidr.parse("172.20.0.0/24")));
        AddressAllocator alloc = new AddressAllocator(s);
        List<NetworkSpec> specs = NetworkSpec.parseAll(List.of("source=cloister0", "source=lab,address=172.20.0.9/24"));
        assertThat(alloc.allocate("web", specs)).isEqualTo(Map.of("cloister0", Ipv4.parse("10.213.2.2")));
        assertThat(alloc.allocate("web", specs)).isEqualTo(Map.of("cloister0", Ipv4.parse("10.213.2.2")));
        assertThat(alloc.leasesOf("web")).isEqualTo(Map.of("cloister0", Ipv4.parse("10.213.2.2"), "lab", Ipv4.parse("172.20.0.9")));

        // all or nothing: the clash on lab undoes db's fresh lease on cloister0
        assertThatThrownBy(() -> alloc.allocate("db", specs)).hasMessageContaining("already used by sandbox web");
        assertThat(alloc.leasesOf("db")).isEmpty();

        alloc.releaseAll("web");
        assertThat(alloc.leasesOf("web")).isEmpty();
    }
}
