package dev.cloister.net;

import java.util.List;

/**
 * The nftables ruleset (for {@code nft -f -}) of published ports: DNAT in prerouting (traffic
 * from outside) and output (traffic from the host itself). nftables rather than netlink from
 * Java because nft's text form is the stable, auditable interface to the packet filter, and the
 * script replaces the whole table atomically.
 *
 * <p>Publishing on 127.0.0.1 needs {@code net.ipv4.conf.all.route_localnet=1}, else the kernel
 * drops packets routed out with a loopback source; the postrouting masquerade then gives the
 * sandbox a source address it can answer.
 */
public final class PublishRules {

    public record Forward(PublishSpec spec, Ipv4 sandboxIp) {
    }

    private PublishRules() {
    }

    public static String render(String table, List<Forward> forwards) {
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
        // "add table" + "delete table" makes the load an atomic replace even on the first run.
        return "add table ip " + table + "\n"
                + "delete table ip " + table + "\n"
                + "table ip " + table + " {\n"
                + "\tchain prerouting {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n" + rules + "\t}\n"
                + "\tchain output {\n\t\ttype nat hook output priority -100; policy accept;\n" + rules + "\t}\n"
                + "\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n" + masq + "\t}\n"
                + "}\n";
    }
}
