package dev.cloister.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Create/delete-time address bookkeeping of a sandbox across its networks. */
public final class AddressAllocator {
    private final NetworkStore store;

    public AddressAllocator(NetworkStore store) {
        this.store = store;
    }

    /**
     * Leases an address for every IPAM interface and reserves static addresses inside a network's
     * subnet. Returns network name → IPAM address. All or nothing: on failure, networks on which
     * this call gave the sandbox its first lease are released again.
     */
    public Map<String, Ipv4> allocate(String sandbox, List<NetworkSpec> specs) throws IOException {
        Map<String, Ipv4> out = new LinkedHashMap<>();
        List<Ipam> fresh = new ArrayList<>();
        try {
            for (NetworkSpec s : specs) {
                if (!(s instanceof NetworkSpec.Interface nic) || nic.dhcp()) {
                    continue;
                }
                Ipam ipam = store.ipam(store.get(nic.source()));
                if (ipam.leases().addressesOf(sandbox).isEmpty()) {
                    fresh.add(ipam);
                }
                if (nic.ipam()) {
                    out.put(nic.source(), ipam.allocate(sandbox));
                }
                requireOneInSubnet(ipam.network(), nic);
                for (NetworkSpec.StaticAddress a : nic.addresses()) {
                    ipam.reserve(sandbox, a.address().address());
                }
            }
        } catch (IOException | RuntimeException e) {
            for (Ipam ipam : fresh) {
                ipam.release(sandbox);
            }
            throw e;
        }
        return out;
    }

    /** The host and the network's other sandboxes reach an interface through the bridge's subnet. */
    private static void requireOneInSubnet(NetworkConfig network, NetworkSpec.Interface nic) {
        if (nic.addresses().isEmpty()
                || nic.addresses().stream().anyMatch(a -> network.subnet().contains(a.address().address()))) {
            return;
        }
        throw new NetworkException("address=" + nic.addresses().getFirst().address() + " is outside network "
                + network.name() + "'s subnet " + network.subnet() + ", and the interface has no address in it (the "
                + "host reaches a sandbox through its network's subnet): add one, e.g. address=" + network.poolFirst()
                + "/" + network.subnet().prefix() + ", or drop address= to be given one");
    }

    /**
     * After a hand edit of the -N lines (upgrade): new static addresses reserved (refused when
     * taken), the IPAM addresses kept, and what the options no longer name released.
     */
    public void reconcile(String sandbox, List<NetworkSpec> specs) throws IOException {
        Map<String, Ipv4> ipam = allocate(sandbox, specs);
        Map<String, java.util.Set<Ipv4>> wanted = new LinkedHashMap<>();
        for (NetworkSpec s : specs) {
            if (s instanceof NetworkSpec.Interface nic && !nic.dhcp()) {
                java.util.Set<Ipv4> keep = wanted.computeIfAbsent(nic.source(), k -> new java.util.HashSet<>());
                nic.addresses().forEach(a -> keep.add(a.address().address()));
                if (ipam.containsKey(nic.source())) {
                    keep.add(ipam.get(nic.source()));
                }
            }
        }
        for (NetworkConfig n : store.list()) {
            store.ipam(n).keepOnly(sandbox, wanted.getOrDefault(n.name(), java.util.Set.of()));
        }
    }

    /** At delete: the sandbox's addresses go back to every network's pool (read from the lease files alone). */
    public void releaseAll(String sandbox) throws IOException {
        store.releaseEverywhere(sandbox);
    }

    /** Network name → the sandbox's first address there (for start-time planning and list/inspect). */
    public Map<String, Ipv4> leasesOf(String sandbox) throws IOException {
        return leasesOf(sandbox, store.inspectAll());
    }

    /** {@link #leasesOf(String)} from networks read once for many sandboxes. */
    public static Map<String, Ipv4> leasesOf(String sandbox, Map<String, NetworkStore.NetworkInfo> networks) {
        Map<String, Ipv4> out = new LinkedHashMap<>();
        networks.forEach((name, info) -> info.leases().addressesOf(sandbox).stream().findFirst()
                .ifPresent(ip -> out.put(name, ip)));
        return out;
    }
}
