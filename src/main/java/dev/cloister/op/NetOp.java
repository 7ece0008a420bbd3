package dev.cloister.op;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The network ops of a plan (docs/plan-format.md, "Network ops"): bridges, veths, addresses, routes, nftables. */
public sealed interface NetOp extends Op {

    /** A network op whose one field is a host path. */
    sealed interface HostPath extends NetOp {
        Path path();

        default List<String> fields() { return List.of(path().toString()); }
    }

    /** The lock every monitor holds around bridge changes. */
    record NetLock(Path path, String why) implements HostPath { }

    /** A bridge with the gateway address CIDR, created if missing. */
    record Bridge(String bridge, String cidr, String why) implements NetOp {
        public List<String> fields() { return List.of(bridge, cidr); }
    }

    /** A veth pair: HOST enslaved to BRIDGE, PEER created inside the sandbox with MAC. */
    record Veth(String host, String bridge, String peer, String mac, String why) implements NetOp {
        public List<String> fields() { return List.of(host, bridge, peer, mac); }
    }

    record NetRunDir(Path path, String why) implements HostPath { }

    /** BRIDGE's DHCP server, the command ARGV (started unless running). */
    record DhcpServer(String bridge, List<String> argv, String why) implements NetOp {
        public DhcpServer { argv = List.copyOf(argv); }

        public List<String> fields() {
            List<String> f = new ArrayList<>(List.of(bridge));
            f.addAll(argv);
            return f;
        }
    }

    record RouteLocalnet(String bridge, String why) implements NetOp {
        public List<String> fields() { return List.of(bridge); }
    }

    record IpForward(String why) implements NetOp {
        public List<String> fields() { return List.of(); }
    }

    record NftBinary(Path path, String why) implements HostPath { }

    /** The monitor holds PROTO port PORT on IP while the sandbox runs. */
    record PublishHold(String protocol, String ip, int port, String why) implements NetOp {
        public List<String> fields() { return List.of(protocol, ip, Integer.toString(port)); }
    }

    /** An nftables table FAMILY TABLE; SCOPE is "-" (the sandbox's own) or the bridge it is deleted with. */
    record NftTable(String scope, String table, String family, String why) implements NetOp {
        public List<String> fields() { return List.of(scope, table, family); }
    }

    /**
     * One line of TABLE's body (a chain's head or end, or a rule), in nft's syntax. Its words are the op's fields,
     * which the helper joins with single spaces again: a line reads as nft prints it.
     */
    record NftLine(String table, String text, String why) implements NetOp {
        public NftLine {
            if (text.isBlank() || !text.equals(text.strip()) || text.contains("  ")
                    || text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("an nft line is words separated by single spaces: '" + text + "'");
            }
        }

        public List<String> fields() {
            List<String> f = new ArrayList<>(List.of(table));
            f.addAll(List.of(text.split(" ")));
            return f;
        }
    }

    record LinkUp(String ifname, String why) implements NetOp {
        public List<String> fields() { return List.of(ifname); }
    }

    /** An IPv4 address CIDR on IFNAME inside, with its broadcast address when it has one. */
    record Address(String ifname, String cidr, Optional<String> broadcast, String why) implements NetOp {
        public List<String> fields() {
            return broadcast.map(b -> List.of(ifname, cidr, b)).orElse(List.of(ifname, cidr));
        }
    }

    /** A route inside: DESTINATION ("default" or a CIDR) via GATEWAY. */
    record Route(String destination, String gateway, String why) implements NetOp {
        public List<String> fields() { return List.of(destination, gateway); }
    }
}
