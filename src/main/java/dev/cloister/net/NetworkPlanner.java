package dev.cloister.net;

import dev.cloister.op.NetOp;

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
        return plan(sandbox, specs, List.of(), networks, leases,
                new HostTools(netLock, netLock.resolveSibling(".networks"), Optional.empty(), Optional.of(Path.of("dnsmasq"))));
    }

    /**
     * @param publish --publish specs: DNAT from the host to the sandbox's first address
     * @param tools   lock, DHCP file directory and programs; without nft no bridge tables are made
     *                (and publish or NAT are refused), without dnsmasq -N dhcp is refused
     */
    public static NetworkPlan plan(String sandbox, List<NetworkSpec> specs, List<PublishSpec> publish,
                                   Map<String, NetworkConfig> networks, Map<String, Ipv4> leases, HostTools tools) {
        List<NetOp> ops = new ArrayList<>();
        List<NetOp> extra = new ArrayList<>();
        List<NetOp> tables = new ArrayList<>();
        Set<String> dhcpBridges = new LinkedHashSet<>();
        boolean forward = false;
        Optional<Ipv4> target = Optional.empty();
        Optional<NetworkConfig> targetNet = Optional.empty();
        List<NetOp> inside = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        Set<String> bridges = new LinkedHashSet<>();
        boolean haveDefault = specs.stream().anyMatch(s -> s instanceof NetworkSpec.Interface i
                && i.routes().stream().anyMatch(r -> r.destination().prefix() == 0));
        inside.add(new NetOp.LinkUp("lo", "loopback, also for -N none"));
        int nic = 0;
        for (NetworkSpec spec : specs) {
            if (!(spec instanceof NetworkSpec.Interface i)) {
                continue;
            }
            NetworkConfig net = Optional.ofNullable(networks.get(i.source()))
                    .orElseThrow(() -> new NetworkException("network " + i.source() + " does not exist"));
            String peer = VethNames.peer(nic);
            if (bridges.add(net.bridge())) {
                ops.add(new NetOp.Bridge(net.bridge(), net.gateway() + "/" + net.subnet().prefix(),
                        "network " + net.name() + ": bridge with the gateway address, created if missing"));
                if (net.nat()) {
                    tools.requireNft("network " + net.name() + " with NAT");
                    forward = true;
                }
                if (tools.nft().isPresent()) {
                    tables.add(new NetOp.NftTable(net.bridge(), net.bridgeTable(), "ip",
                            "network " + net.name() + ": no forwarding to other networks, no way to the host's "
                                    + "127.0.0.0/8" + (net.nat() ? ", outbound NAT" : "") + "; deleted with the bridge"));
                    tables.addAll(PublishRules.bridge(net.bridgeTable(), net));
                }
            }
            if (i.dhcp() && dhcpBridges.add(net.bridge())) {
                Path dnsmasq = tools.requireDnsmasq("-N dhcp on network " + net.name());
                extra.add(new NetOp.DhcpServer(net.bridge(), DhcpServer.in(tools.netRunDir(), net).command(dnsmasq),
                        "network " + net.name() + "'s DHCP server, started unless running, stopped with the bridge"));
            }
            MacAddress mac = i.mac().orElse(MacAddress.derived(sandbox, nic));
            // Keyed by bridge too: two cloister instances (CLOISTER_ROOT) may both have a sandbox of this name.
            ops.add(new NetOp.Veth(VethNames.host(net.bridge() + "/" + sandbox, nic), net.bridge(), peer, mac.toString(),
                    "interface " + nic + " of " + sandbox + " on network " + net.name()));
            if (i.ipam()) {
                Ipv4 ip = Optional.ofNullable(leases.get(net.name())).orElseThrow(() -> new NetworkException(
                        "sandbox " + sandbox + " has no address on network " + net.name() + "; recreate its lease"));
                String cidr = ip + "/" + net.subnet().prefix();
                inside.add(new NetOp.Address(peer, cidr, Optional.of(net.subnet().broadcast().toString()),
                        "leased from network " + net.name()));
                addresses.add(cidr);
                if (target.isEmpty()) {
                    target = Optional.of(ip);
                    targetNet = Optional.of(net);
                }
            }
            for (NetworkSpec.StaticAddress a : i.addresses()) {
                inside.add(new NetOp.Address(peer, a.address().toString(),
                        a.broadcast().or(() -> standardBroadcast(a.address())).map(Ipv4::toString), "-N address="));
                addresses.add(a.address().toString());
                if (target.isEmpty() && net.subnet().contains(a.address().address())) {
                    target = Optional.of(a.address().address());
                    targetNet = Optional.of(net);
                }
            }
            inside.add(new NetOp.LinkUp(peer, "interface " + nic + " up"));
            String hostVeth = VethNames.host(net.bridge() + "/" + sandbox, nic);
            List<String> sources = new ArrayList<>(i.addresses().stream().map(a -> a.address().address().toString()).toList());
            if (i.ipam()) {
                sources.add(leases.get(net.name()).toString());
            }
            if (i.dhcp()) {
                sources.add(net.subnet().toString());
            }
            // like the bridge's own table, only where the host has nft (.ci/setup and the docs require it)
            if (!sources.isEmpty() && tools.nft().isPresent()) {
                String table = "clst_a_" + hostVeth;
                tables.add(new NetOp.NftTable("-", table, "netdev",
                        "interface " + nic + " may send only from " + mac + " and " + String.join(", ", sources)
                                + " (ARP and IPv4): no spoofing of other sandboxes or the gateway"));
                tables.addAll(PublishRules.antiSpoof(table, hostVeth, mac, sources, i.dhcp()));
            }
            List<Cidr> onLink = new ArrayList<>(i.addresses().stream().map(a -> a.address().network()).toList());
            if (i.ipam()) {
                onLink.add(net.subnet());
            }
            for (NetworkSpec.StaticRoute r : i.routes()) {
                if (onLink.stream().noneMatch(c -> c.contains(r.gateway()))) {
                    throw new NetworkException("route " + r.destination() + " via " + r.gateway() + ": the gateway is not "
                            + "on interface " + nic + "'s subnets " + onLink);
                }
                inside.add(new NetOp.Route(r.destination().prefix() == 0 ? "default" : r.destination().toString(),
                        r.gateway().toString(), "-N route="));
            }
            if (i.ipam() && !haveDefault) {
                inside.add(new NetOp.Route("default", net.gateway().toString(),
                        "default route through network " + net.name() + "'s bridge"));
                haveDefault = true;
            }
            nic++;
        }
        if (!publish.isEmpty()) {
            tools.requireNft("--publish");
            Ipv4 ip = target.orElseThrow(() -> new NetworkException("--publish needs an interface with an address on a "
                    + "network's subnet (from the pool or address=); a -N dhcp or -N none sandbox has none"));
            NetworkConfig net = targetNet.orElseThrow();
            List<PublishRules.Forward> forwards = publish.stream().map(p -> new PublishRules.Forward(p, ip)).toList();
            boolean loopback = publish.stream().anyMatch(p -> p.hostIp().map(a -> (a.bits() >>> 24) == 127).orElse(true));
            if (loopback) {
                extra.add(new NetOp.RouteLocalnet(net.bridge(), "a port published on 127.0.0.1 is DNATed "
                        + "with a loopback source towards this bridge; the bridge's table keeps 127/8 unreachable from it"));
            }
            forward |= publish.stream().anyMatch(p -> p.hostIp().map(a -> (a.bits() >>> 24) != 127).orElse(true));
            String table = VethNames.publishTable(net.bridge() + "/" + sandbox);
            tables.add(new NetOp.NftTable("-", table, "ip", "published ports of " + sandbox + " to " + ip + ", while it runs"));
            tables.addAll(PublishRules.publish(table, forwards));
            for (PublishSpec p : publish) {
                extra.add(new NetOp.PublishHold(p.protocol(), p.hostIp().map(Ipv4::toString).orElse("0.0.0.0"),
                        p.hostPort(), "the monitor holds host port " + p.hostPort() + "/" + p.protocol()
                        + " while the sandbox runs: no other sandbox or host service can take it, nor it theirs"));
            }
        }
        if (forward) {
            extra.add(new NetOp.IpForward("NAT or a port published to other hosts: the host forwards"));
        }
        if (!tables.isEmpty()) {
            extra.addFirst(new NetOp.NftBinary(tools.requireNft("nft-table"),
                    "the nft program that loads and deletes the tables below"));
        }
        if (!bridges.isEmpty()) {
            // Every sandbox on a bridge names it: the last one to leave stops a DHCP server another started.
            extra.addFirst(new NetOp.NetRunDir(tools.netRunDir(),
                    "DHCP servers' pid and lease files (BRIDGE.dhcp.pid, BRIDGE.dhcp.leases); a bridge's server "
                            + "stops with the bridge"));
        }
        ops.addAll(extra);
        ops.addAll(tables);
        if (!ops.isEmpty()) {
            ops.addFirst(new NetOp.NetLock(tools.netLock(), "serialise bridge changes between monitors"));
        }
        ops.addAll(inside);
        return new NetworkPlan(ops, addresses);
    }

    private static Optional<Ipv4> standardBroadcast(AddressWithPrefix a) {
        return a.prefix() <= 30 ? Optional.of(a.network().broadcast()) : Optional.empty();
    }
}
