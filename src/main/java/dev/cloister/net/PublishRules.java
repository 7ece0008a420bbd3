package dev.cloister.net;

import dev.cloister.op.NetOp.NftLine;

import java.util.List;

/**
 * The nftables rules of published ports and of a network's bridge. nftables (the {@code nft}
 * program, run by the helper) rather than netlink: nft's text form is the stable, auditable
 * interface to the packet filter (netfilter's netlink messages are an internal of libnftnl), and
 * {@code nft -f} loads a whole table in one transaction, so a table is replaced atomically and a
 * failed load changes nothing. Every table is named with a {@code clst_} prefix; the plan gives its
 * body line by line, each line with its reason, and the helper wraps the lines in {@code table FAMILY NAME { … }}.
 *
 * <p>Publishing on 127.0.0.1 (or on every local address, which includes it) DNATs packets whose
 * source is a loopback address towards the bridge. The kernel drops those unless
 * {@code route_localnet} is on for the outgoing interface: the helper sets it on the sandbox's
 * bridge only (op {@code route-localnet}), never host-wide, and the bridge's table drops packets
 * from the bridge to 127.0.0.0/8 so that route_localnet does not open the host's loopback
 * services to sandboxes. The postrouting masquerade gives the sandbox a source it can answer.
 */
public final class PublishRules {

    public record Forward(PublishSpec spec, Ipv4 sandboxIp) {
    }

    private PublishRules() {
    }

    /** The lines of a sandbox's publish table TABLE. */
    public static List<NftLine> publish(String table, List<Forward> forwards) {
        NftLines t = new NftLines(table);
        t.chain("prerouting", "type nat hook prerouting priority dstnat; policy accept;",
                "what other hosts send to a published port goes to the sandbox");
        dnat(t, forwards);
        t.chain("output", "type nat hook output priority -100; policy accept;",
                "what the host itself sends to a published port goes to the sandbox too");
        dnat(t, forwards);
        t.chain("postrouting", "type nat hook postrouting priority srcnat; policy accept;",
                "the sandbox answers what reaches it from a loopback address through the bridge");
        for (Forward f : forwards) {
            PublishSpec p = f.spec();
            t.rule("ip saddr 127.0.0.0/8 ip daddr " + f.sandboxIp() + " " + p.protocol() + " dport " + p.port()
                    + " masquerade", "from the host's loopback to " + f.sandboxIp() + ":" + p.port() + "/" + p.protocol()
                    + ": the bridge's address as source");
        }
        return t.done();
    }

    private static void dnat(NftLines t, List<Forward> forwards) {
        for (Forward f : forwards) {
            PublishSpec p = f.spec();
            String match = p.hostIp().map(ip -> "ip daddr " + ip).orElse("fib daddr type local");
            t.rule(match + " " + p.protocol() + " dport " + p.hostPort() + " dnat to " + f.sandboxIp() + ":" + p.port(),
                    "--publish " + p.hostIp().map(ip -> ip + ":").orElse("") + p.hostPort() + ":" + p.port() + "/"
                            + p.protocol() + " to " + f.sandboxIp());
        }
    }

    /**
     * The lines of a port's anti-spoofing table TABLE (family netdev, hook ingress on the sandbox's host
     * veth DEVICE: everything the sandbox sends, before the bridge): frames only from its own MAC, ARP and
     * IPv4 only from its own addresses (SOURCES; a DHCP interface's sources are its network's
     * subnet, and DHCP's 0.0.0.0 to the server), nothing else (no other ether types, no VLAN tags,
     * no IPv6: the network is IPv4), as libvirt's clean-traffic filter does.
     */
    public static List<NftLine> antiSpoof(String table, String device, MacAddress mac, List<String> sources,
                                          boolean dhcp) {
        String set = "{ " + String.join(", ", sources) + " }";
        NftLines t = new NftLines(table);
        t.chain("ingress", "type filter hook ingress device \"" + device + "\" priority -500; policy drop;",
                "every frame the sandbox sends, before the bridge: what no rule accepts is dropped")
                .rule("ether saddr != " + mac + " drop", "frames from another MAC than the sandbox's own")
                .rule("ether type arp arp saddr ether != " + mac + " drop", "ARP claiming another MAC")
                .rule("ether type arp arp saddr ip " + set + " accept", "ARP from the sandbox's own addresses")
                .rule("ether type arp arp saddr ip 0.0.0.0 arp operation request accept",
                        "ARP probes of an address not yet taken")
                .rule("ether type ip ip saddr " + set + " accept", "IPv4 from the sandbox's own addresses");
        if (dhcp) {
            t.rule("ether type ip ip saddr 0.0.0.0 udp sport 68 udp dport 67 accept",
                    "a DHCP client's requests, before it has an address");
        }
        return t.done();
    }

    /**
     * The lines of a network's bridge table TABLE, loaded by every start on the network and deleted with
     * the bridge: packets from this bridge are never forwarded to another cloister bridge (every
     * cloister bridge is named cl…: cloister0, clstNAME, or cl+hash+i for a relocated instance; so
     * networks are isolated even where the host forwards), never reach 127.0.0.0/8 (see route_localnet
     * above) nor any host service but DHCP and DNS (unless the network has host access), and with NAT
     * the subnet's traffic to elsewhere is masqueraded.
     */
    public static List<NftLine> bridge(String table, NetworkConfig net) {
        String br = '"' + net.bridge() + '"';
        NftLines t = new NftLines(table);
        t.chain("guard", "type filter hook prerouting priority raw; policy accept;", "what arrives from the bridge")
                .rule("iifname " + br + " ip daddr 127.0.0.0/8 drop",
                        "never the host's loopback (route_localnet may be on for published ports)");
        // the bridge's address, other bridges' and the host's own are local destinations (input)
        t.chain("host", "type filter hook input priority filter - 1; policy accept;",
                "what the bridge's sandboxes send to the host itself"
                        + (net.hostAccess() ? ": anything, the network has host access" : ""));
        if (!net.hostAccess()) {
            t.rule("iifname " + br + " ct state established,related accept", "replies to the host's own connections")
                    .rule("iifname " + br + " udp dport { 53, 67 } accept", "DNS and DHCP")
                    .rule("iifname " + br + " tcp dport 53 accept", "DNS over TCP")
                    .rule("iifname " + br + " drop", "no other host service");
        }
        t.chain("isolate", "type filter hook forward priority filter - 1; policy accept;", "what the host forwards")
                .rule("iifname " + br + " oifname != " + br + " oifname \"cl*\" drop",
                        "nothing from this network to another cloister network");
        if (net.nat()) {
            t.chain("nat", "type nat hook postrouting priority srcnat; policy accept;", "outbound NAT")
                    .rule("ip saddr " + net.subnet() + " ip daddr != " + net.subnet() + " oifname != " + br
                            + " masquerade", "the subnet's traffic to elsewhere leaves with the host's address");
        }
        return t.done();
    }
}
