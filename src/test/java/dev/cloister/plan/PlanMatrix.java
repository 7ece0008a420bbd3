package dev.cloister.plan;

import dev.cloister.cgroup.CgroupDriver;
import dev.cloister.cgroup.SystemdDriver;
import dev.cloister.cgroup.SystemdHost;
import dev.cloister.cgroup.V2Hierarchy;
import dev.cloister.net.Cidr;
import dev.cloister.net.HostTools;
import dev.cloister.net.Ipv4;
import dev.cloister.net.NetworkConfig;
import dev.cloister.net.NetworkPlanner;
import dev.cloister.net.NetworkSpec;
import dev.cloister.net.PublishSpec;
import dev.cloister.security.selinux.SelinuxLabels;
import dev.cloister.service.CommandRunner;
import dev.cloister.service.ServiceLayout;
import dev.cloister.service.ServicePlanner;
import dev.cloister.service.ServiceRequest;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.spec.SecurityLevel;
import dev.cloister.store.CloisterPaths;
import dev.cloister.store.SandboxFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The sandboxes whose compiled plans the contract tests feed to the helper: kind × network × SELinux × limits ×
 * storage × cgroup driver, planned as create plans them. The service sandbox is apache2 from this machine's package
 * database (.ci/setup installs it), so the tests using it are tagged host.
 */
final class PlanMatrix {
    private static final long BASE = 0x7000_0000L;
    private static final Map<String, NetworkConfig> NETWORKS = Map.of(
            "cloister0", NetworkConfig.of("cloister0", Cidr.parse("10.213.0.0/24")),
            "lab", NetworkConfig.of("lab", Cidr.parse("172.20.0.0/24")));
    private static final Map<String, Ipv4> LEASES = Map.of("cloister0", Ipv4.parse("10.213.0.2"),
            "lab", Ipv4.parse("172.20.0.2"));
    /** The -N forms, by name; "publish" is the default network with a --publish. */
    private static final Map<String, List<String>> NETWORK_FORMS = Map.of("none", List.of("none"), "default", List.of(),
            "publish", List.of(), "named", List.of("source=lab"), "static", List.of("address=10.213.0.9/24"),
            "dhcp", List.of("dhcp"));
    private static final SelinuxLabels.Types SVIRT = new SelinuxLabels.Types("system_u", "system_r", "svirt_lxc_net_t",
            "system_u", "object_r", "svirt_sandbox_file_t");

    /** The host's cgroup setup: each driver writes its own cgroup ops. */
    enum Cgroups { CGROUPFS_V2, CGROUPFS_V1, SYSTEMD }

    record Entry(boolean service, String network, boolean selinux, boolean limits, boolean storage, Cgroups cgroups) {
        @Override
        public String toString() {
            return (service ? "apache2" : "generic") + " -N " + network + (selinux ? " selinux" : "")
                    + (limits ? " limits" : "") + (storage ? " storage" : "") + " " + cgroups.name().toLowerCase();
        }
    }

    private final ServiceLayout apache2;

    PlanMatrix() {
        apache2 = ServicePlanner.forHost(Path.of("/"), CommandRunner.system())
                .plan(new ServiceRequest("web", List.of("apache2.service"), List.of(), true));
    }

    static Stream<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (boolean service : new boolean[] {false, true}) {
            for (String network : NETWORK_FORMS.keySet().stream().sorted().toList()) {
                for (Cgroups cgroups : Cgroups.values()) {
                    for (int bits = 0; bits < 8; bits++) {
                        all.add(new Entry(service, network, (bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, cgroups));
                    }
                }
            }
        }
        return all.stream();
    }

    /** The start.plan create would write for ENTRY, its files and fake cgroup tree beneath DIR. */
    String render(Entry entry, Path dir) throws IOException {
        SandboxFiles files = SandboxFiles.of(CloisterPaths.under(dir.resolve("root")), "web");
        return PlanWriter.render(planner(entry, dir).plan(config(entry), files), files);
    }

    private static SandboxConfig config(Entry e) {
        Limits limits = Limits.NONE;
        if (e.limits()) {
            limits = limits.withMemoryBytes(512L << 20).withCpuMillis(1500).withPidsLimit(512);
        }
        if (e.storage()) {
            limits = limits.withStorageBytes(1L << 30);
        }
        Optional<String> label = e.selinux() ? Optional.of("system_u:system_r:svirt_lxc_net_t:s0:c7,c9") : Optional.empty();
        List<String> publish = e.network().equals("publish") ? List.of("8080:80") : List.of();
        return new SandboxConfig("web", e.service() ? List.of() : List.of("/bin/sh", "-c", "echo hi"),
                e.service() ? List.of("apache2.service") : List.of(), List.of(), e.service(), new SecurityLevel(7, 9),
                label, BASE, limits, List.of(), NETWORK_FORMS.get(e.network()), publish);
    }

    private SandboxPlanner planner(Entry e, Path dir) throws IOException {
        Path cgroupRoot = Files.createDirectories(dir.resolve("cgroup"));
        CgroupDriver cgroups = switch (e.cgroups()) {
            case CGROUPFS_V2 -> FakeCgroup2.driver(cgroupRoot);
            case CGROUPFS_V1 -> FakeCgroup1.driver(cgroupRoot);
            case SYSTEMD -> {
                FakeCgroup2.driver(cgroupRoot); // the v2 root's files, beneath systemd's units
                Files.createDirectories(cgroupRoot.resolve("user.slice"));
                yield new SystemdDriver(new V2Hierarchy(cgroupRoot, "/user.slice"), new SystemdHost(true));
            }
        };
        // programs at absolute paths, as HostTools.probe finds them: the helper searches no PATH
        HostTools tools = new HostTools(dir.resolve("run/.network.lock"), dir.resolve("run/.networks"),
                Optional.of(Path.of("/usr/sbin/nft")), Optional.of(Path.of("/usr/sbin/dnsmasq")));
        NetworkLayouts networks = c -> NetworkPlanner.plan(c.name(), NetworkSpec.parseAll(c.networks()),
                c.publish().stream().map(PublishSpec::parse).toList(), NETWORKS, LEASES, tools);
        SelinuxLabelling selinux = c -> e.selinux() ? Optional.of(SelinuxLabels.decide(SVIRT, c.level(), c.selinuxLabel()))
                : Optional.empty();
        return new SandboxPlanner(HostLayout.probe(Path.of("/")), cgroups, c -> apache2, networks, selinux);
    }
}
