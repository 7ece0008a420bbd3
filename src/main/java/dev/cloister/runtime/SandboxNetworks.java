package dev.cloister.runtime;

import dev.cloister.net.AddressAllocator;
import dev.cloister.net.Ipv4;
import dev.cloister.net.NetworkConfig;
import dev.cloister.net.NetworkPlan;
import dev.cloister.net.NetworkPlanner;
import dev.cloister.net.NetworkSpec;
import dev.cloister.net.NetworkStore;
import dev.cloister.net.HostTools;
import dev.cloister.net.NetworkException;
import dev.cloister.net.PortHolders;
import dev.cloister.net.PublishSpec;
import dev.cloister.net.VethNames;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.Store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** A sandbox's networks: addresses leased at create, released at delete, rendered into the plan at each compile. */
public final class SandboxNetworks {
    private final Store store;
    private final NetworkStore networks;

    public SandboxNetworks(Store store) {
        this.store = store;
        this.networks = new NetworkStore(store.paths());
    }

    /** Checks the -N options and leases the sandbox's addresses (all or nothing). */
    public void allocate(String sandbox, List<String> options, List<String> otherSandboxes) throws IOException {
        List<NetworkSpec> specs = NetworkSpec.parseAll(options);
        VethNames.requireDistinct(sandbox, otherSandboxes);
        new AddressAllocator(networks).allocate(sandbox, specs);
    }

    /** At upgrade, after hand edits: the leases follow the -N lines (a static address someone has is refused). */
    public void reconcile(SandboxConfig config) throws IOException {
        new AddressAllocator(networks).reconcile(config.name(), NetworkSpec.parseAll(config.networks()));
    }

    /**
     * Refuses --publish ports that another sandbox of this instance publishes (same protocol and
     * port, overlapping host address) or that a host socket holds now, naming who. Start holds
     * the ports (publish-hold), so sandboxes of other instances and later host services are
     * refused there.
     */
    public void requireFreePorts(SandboxConfig config) throws IOException {
        List<PublishSpec> mine = config.publish().stream().map(PublishSpec::parse).toList();
        if (mine.isEmpty()) {
            return;
        }
        for (String other : store.names()) {
            if (other.equals(config.name()) || !store.exists(other)) {
                continue;
            }
            for (PublishSpec theirs : store.load(other).publish().stream().map(PublishSpec::parse).toList()) {
                for (PublishSpec p : mine) {
                    boolean sameAddress = p.hostIp().isEmpty() || theirs.hostIp().isEmpty() || p.hostIp().equals(theirs.hostIp());
                    if (p.hostPort() == theirs.hostPort() && p.protocol().equals(theirs.protocol()) && sameAddress) {
                        throw new NetworkException("--publish " + p.hostPort() + "/" + p.protocol() + ": sandbox " + other
                                + " publishes that host port already — choose another host port");
                    }
                }
            }
        }
        PortHolders holders = PortHolders.ofHost();
        for (PublishSpec p : mine) {
            Optional<String> who = holders.holder(p.protocol(), p.hostPort());
            if (who.isPresent()) {
                throw new NetworkException("--publish " + p.hostPort() + "/" + p.protocol() + ": host port "
                        + p.hostPort() + " is held by " + who.get() + " — publishing it would shadow it; choose another");
            }
        }
    }

    /** At delete or a create's roll-back: the sandbox's addresses go back to every network's pool. */
    public void release(String sandbox) throws IOException {
        new AddressAllocator(networks).releaseAll(sandbox);
    }

    /** The network ops and addresses of a sandbox, from its -N options and its leases. */
    public NetworkPlan plan(SandboxConfig config) {
        try {
            return plan(config, networks::get, new AddressAllocator(networks).leasesOf(config.name()),
                    HostTools.probe(store.paths().runtime()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #plan} for every sandbox of a listing: the networks and their leases are read once. */
    public Function<SandboxConfig, NetworkPlan> planner() throws IOException {
        Map<String, NetworkStore.NetworkInfo> all = networks.inspectAll();
        HostTools tools = HostTools.probe(store.paths().runtime());
        // A network left out of `all` is damaged or new: inspect names its problem (or makes the default one).
        NetworkLookup lookup = name -> all.containsKey(name) ? all.get(name).config()
                : networks.find(name).isPresent() ? networks.inspect(name).config() : networks.get(name);
        return config -> {
            try {
                return plan(config, lookup, AddressAllocator.leasesOf(config.name(), all), tools);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private interface NetworkLookup {
        NetworkConfig get(String name) throws IOException;
    }

    private static NetworkPlan plan(SandboxConfig config, NetworkLookup lookup, Map<String, Ipv4> leases, HostTools tools)
            throws IOException {
        List<NetworkSpec> specs = NetworkSpec.parseAll(config.networks());
        Map<String, NetworkConfig> byName = new LinkedHashMap<>();
        for (NetworkSpec spec : specs) {
            if (spec instanceof NetworkSpec.Interface nic) {
                byName.put(nic.source(), lookup.get(nic.source()));
            }
        }
        return NetworkPlanner.plan(config.name(), specs, config.publish().stream().map(PublishSpec::parse).toList(),
                byName, leases, tools);
    }
}
