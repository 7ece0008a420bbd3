package dev.cloister.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a sandbox's -N specs, its networks and its leased addresses into network ops. Pure:
 * addresses were allocated at create time (AddressAllocator); this only renders them.
 */
public final class NetworkPlanner {
    private NetworkPlanner() {
    }

    /**
     * @param networks network name → config, for every source the specs name
     * @param leases   network name → the sandbox's IPAM address there
     * @param netLock  the file every monitor locks around bridge changes
     */
    public static NetworkPlan plan(String sandbox, List<NetworkSpec> specs, Map<String, NetworkConfig> networks,
                                   Map<String, Ipv4> leases, Path netLock) {
        List<NetOp> ops = new ArrayList<>();
        List<NetOp> inside = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        Set<String> bridges = new LinkedHashSet<>();
        boolean haveDefault = specs.stream().anyMatch(s -> s instanceof NetworkSpec.Interface i
                && i.routes().stream().anyMatch(r -> r.destination().prefix() == 0));
        inside.add(new NetOp("link-up", List.of("lo"), "loopback, also for -N none"));
        int nic = 0;
        for (NetworkSpec spec : specs) {
            if (!(spec instanceof NetworkSpec.Interface i)) {
                continue;
            }
            NetworkConfig net = Optional.ofNullable(networks.get(i.source()))
                    .orElseThrow(() -> new NetworkException("network " + i.source() + " does not exist"));
            String peer = VethNames.peer(nic);
            if (bridges.add(net.bridge())) {
                ops.add(new NetOp("bridge", List.of(net.bridge(), net.gateway() + "/" + net.subnet().prefix()),
                        "network " + net.name() + ": bridge with the gateway address, created if missing"));
            }
            MacAddress mac = i.mac().orElse(MacAddress.derived(sandbox, nic));
            // Keyed by bridge too: two cloister instances (CLOISTER_ROOT) may both have a sandbox of this name.
            ops.add(new NetOp("veth", List.of(VethNames.host(net.bridge() + "/" + sandbox, nic), net.bridge(), peer, mac.toString()),
                    "interface " + nic + " of " + sandbox + " on network " + net.name()));
            if (i.ipam()) {
                Ipv4 ip = Optional.ofNullable(leases.get(net.name())).orElseThrow(() -> new NetworkException(
                        "sandbox " + sandbox + " has no address on network " + net.name() + "; recreate its lease"));
                String cidr = ip + "/" + net.subnet().prefix();
                inside.add(new NetOp("address", List.of(peer, cidr, net.subnet().broadcast().toString()),
                        "leased from network " + net.name()));
                addresses.add(cidr);
            }
            for (NetworkSpec.StaticAddress a : i.addresses()) {
                List<String> f = new ArrayList<>(List.of(peer, a.address().toString()));
                a.broadcast().or(() -> standardBroadcast(a.address())).ifPresent(b -> f.add(b.toString()));
                inside.add(new NetOp("address", f, "-N address="));
                addresses.add(a.address().toString());
            }
            inside.add(new NetOp("link-up", List.of(peer), "interface " + nic + " up"));
            List<Cidr> onLink = new ArrayList<>(i.addresses().stream().map(a -> a.address().network()).toList());
            if (i.ipam()) {
                onLink.add(net.subnet());
            }
            for (NetworkSpec.StaticRoute r : i.routes()) {
                if (onLink.stream().noneMatch(c -> c.contains(r.gateway()))) {
                    throw new NetworkException("route " + r.destination() + " via " + r.gateway() + ": the gateway is not "
                            + "on interface " + nic + "'s subnets " + onLink);
                }
                inside.add(new NetOp("route", List.of(r.destination().prefix() == 0 ? "default" : r.destination().toString(),
                        r.gateway().toString()), "-N route="));
            }
            if (i.ipam() && !haveDefault) {
                inside.add(new NetOp("route", List.of("default", net.gateway().toString()),
                        "default route through network " + net.name() + "'s bridge"));
                haveDefault = true;
            }
            nic++;
        }
        if (!ops.isEmpty()) {
            ops.addFirst(new NetOp("net-lock", List.of(netLock.toString()), "serialise bridge changes between monitors"));
        }
        ops.addAll(inside);
        return new NetworkPlan(ops, addresses);
    }

    private static Optional<Ipv4> standardBroadcast(AddressWithPrefix a) {
        return a.prefix() <= 30 ? Optional.of(a.network().broadcast()) : Optional.empty();
    }
}
