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

    /** At delete: the sandbox's addresses go back to every network's pool. */
    public void releaseAll(String sandbox) throws IOException {
        for (NetworkConfig n : store.list()) {
            store.ipam(n).release(sandbox);
        }
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
