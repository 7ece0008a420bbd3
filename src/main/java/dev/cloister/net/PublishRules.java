package dev.cloister.net;

import java.util.List;

/**
 * The nftables rules of published ports and of a network's bridge. nftables (the {@code nft}
 * program, run by the helper) rather than netlink: nft's text form is the stable, auditable
 * interface to the packet filter (netfilter's netlink messages are an internal of libnftnl), and
 * {@code nft -f} loads a whole table in one transaction, so a table is replaced atomically and a
 * failed load changes nothing. Every table is family {@code ip} and named with a {@code clst_}
 * prefix; the helper wraps each body in {@code table ip NAME { … }}.
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

    /** The body of a sandbox's publish table. */
    public static String body(List<Forward> forwards) {
        StringBuilder dnat = new StringBuilder();
        StringBuilder masq = new StringBuilder();
        for (Forward f : forwards) {
            PublishSpec p = f.spec();
            String match = p.hostIp().map(ip -> "ip daddr " + ip).orElse("fib daddr type local");
            dnat.append("\t\t").append(match).append(' ').append(p.protocol()).append(" dport ").append(p.hostPort())
                    .append(" dnat to ").append(f.sandboxIp()).append(':').append(p.port()).append('\n');
            masq.append("\t\tip saddr 127.0.0.0/8 ip daddr ").append(f.sandboxIp()).append(' ').append(p.protocol())
                    .append(" dport ").append(p.port()).append(" masquerade\n");
        }
        String rules = dnat.toString();
        return "\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n" + rules + "\t}\n"
                + "\tchain output {\n\t\ttype nat hook output priority -100; policy accept;\n" + rules + "\t}\n"
                + "\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n" + masq + "\t}";
    }

    /**
     * The body of a port's anti-spoofing table (family netdev, hook ingress on the sandbox's host
     * veth: everything the sandbox sends, before the bridge): frames only from its own MAC, ARP and
     * IPv4 only from its own addresses (SOURCES; a DHCP interface's sources are its network's
     * subnet, and DHCP's 0.0.0.0 to the server), nothing else (no other ether types, no VLAN tags,
     * no IPv6: the network is IPv4), as libvirt's clean-traffic filter does.
     */
    public static String antiSpoofBody(String device, MacAddress mac, List<String> sources, boolean dhcp) {
        String set = "{ " + String.join(", ", sources) + " }";
        StringBuilder b = new StringBuilder("\tchain ingress {\n\t\ttype filter hook ingress device \"")
                .append(device).append("\" priority -500; policy drop;\n")
                .append("\t\tether saddr != ").append(mac).append(" drop\n")
                .append("\t\tether type arp arp saddr ether != ").append(mac).append(" drop\n")
                .append("\t\tether type arp arp saddr ip ").append(set).append(" accept\n")
                .append("\t\tether type arp arp saddr ip 0.0.0.0 arp operation request accept\n")
                .append("\t\tether type ip ip saddr ").append(set).append(" accept\n");
        if (dhcp) {
            b.append("\t\tether type ip ip saddr 0.0.0.0 udp sport 68 udp dport 67 accept\n");
        }
        return b.append("\t}").toString();
    }

    /** A whole script for {@code nft -f -} that replaces the table atomically (also on the first run). */
    public static String render(String table, List<Forward> forwards) {
        return "add table ip " + table + "\n"
                + "delete table ip " + table + "\n"
                + "table ip " + table + " {\n" + body(forwards) + "\n}\n";
    }

    /**
     * The body of a network's bridge table, loaded by every start on the network and deleted with
     * the bridge: packets from this bridge are never forwarded to another cloister bridge (every
     * cloister bridge is named cl…: cloister0, clstNAME, or cl+hash+i for a relocated instance; so
     * networks are isolated even where the host forwards), never reach 127.0.0.0/8 (see route_localnet
     * above) nor any host service but DHCP and DNS (unless the network has host access), and with NAT
     * the subnet's traffic to elsewhere is masqueraded.
     */
    public static String bridgeBody(NetworkConfig net) {
        String br = '"' + net.bridge() + '"';
        StringBuilder b = new StringBuilder();
        b.append("\tchain guard {\n\t\ttype filter hook prerouting priority raw; policy accept;\n")
                .append("\t\tiifname ").append(br).append(" ip daddr 127.0.0.0/8 drop\n\t}\n");
        // the host is reached from the bridge for DHCP and DNS only (unless the network opens it): the bridge's
        // address, other bridges' and the host's own are local destinations (input); replies are let through
        b.append("\tchain host {\n\t\ttype filter hook input priority filter - 1; policy accept;\n");
        if (!net.hostAccess()) {
            b.append("\t\tiifname ").append(br).append(" ct state established,related accept\n")
                    .append("\t\tiifname ").append(br).append(" udp dport { 53, 67 } accept\n")
                    .append("\t\tiifname ").append(br).append(" tcp dport 53 accept\n")
                    .append("\t\tiifname ").append(br).append(" drop\n");
        }
        b.append("\t}\n");
        b.append("\tchain isolate {\n\t\ttype filter hook forward priority filter - 1; policy accept;\n")
                .append("\t\tiifname ").append(br).append(" oifname != ").append(br).append(" oifname \"cl*\" drop\n")
                .append("\t}");
        if (net.nat()) {
            b.append("\n\tchain nat {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n")
                    .append("\t\tip saddr ").append(net.subnet()).append(" ip daddr != ").append(net.subnet())
                    .append(" oifname != ").append(br).append(" masquerade\n\t}");
        }
        return b.toString();
    }
}
