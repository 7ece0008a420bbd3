package dev.cloister.net;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code -N/--network} option, in the original virt-sandbox syntax: {@code none}, or a comma
 * list of {@code dhcp}, {@code address=IP/PREFIX[%BROADCAST]}, {@code route=NET/PREFIX%GATEWAY},
 * {@code source=NETWORK}, {@code mac=MAC}. Each non-{@code none} spec is one interface.
 */
public sealed interface NetworkSpec {
    int MAX_INTERFACES = 8;   // the helper's NET_MAX_VETHS

    /** Loopback only. */
    record None() implements NetworkSpec {
    }

    /** An interface on a network's bridge. No dhcp and no address: the address comes from IPAM. */
    record Interface(String source, boolean dhcp, Optional<MacAddress> mac, List<StaticAddress> addresses,
                     List<StaticRoute> routes) implements NetworkSpec {
        public Interface {
            addresses = List.copyOf(addresses);
            routes = List.copyOf(routes);
        }

        public boolean ipam() {
            return !dhcp && addresses.isEmpty();
        }
    }

    record StaticAddress(AddressWithPrefix address, Optional<Ipv4> broadcast) {
    }

    record StaticRoute(Cidr destination, Ipv4 gateway) {
    }

    /** The interfaces of a sandbox; no option at all means one IPAM interface on the default network. */
    static List<NetworkSpec> parseAll(List<String> options) {
        if (options.isEmpty()) {
            return List.of(parse("source=" + NetworkNames.DEFAULT));
        }
        List<NetworkSpec> specs = options.stream().map(NetworkSpec::parse).toList();
        if (specs.size() > 1 && specs.stream().anyMatch(s -> s instanceof None)) {
            throw new NetworkException("-N none means loopback only; it cannot be combined with other -N options");
        }
        if (specs.size() > MAX_INTERFACES) {
            throw new NetworkException("at most " + MAX_INTERFACES + " -N interfaces, got " + specs.size());
        }
        Set<String> sources = new HashSet<>();
        for (NetworkSpec s : specs) {
            if (s instanceof Interface i && !sources.add(i.source())) {
                throw new NetworkException("two -N interfaces on network '" + i.source() + "'; use one interface "
                        + "with several address= entries instead");
            }
        }
        return specs;
    }

    static NetworkSpec parse(String option) {
        if (option.equals("none")) {
            return new None();
        }
        String source = NetworkNames.DEFAULT;
        boolean dhcp = false;
        Optional<MacAddress> mac = Optional.empty();
        List<StaticAddress> addresses = new ArrayList<>();
        List<StaticRoute> routes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String item : option.split(",", -1)) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq);
            String value = eq < 0 ? null : item.substring(eq + 1);
            if (key.equals("dhcp") || key.equals("none")) {
                if (value != null) {
                    throw new NetworkException("-N " + option + ": '" + key + "' takes no value");
                }
                if (key.equals("none")) {
                    throw new NetworkException("-N " + option + ": 'none' must be alone (loopback only)");
                }
            } else if (value == null || value.isEmpty()) {
                throw new NetworkException("-N " + option + ": '" + item + "' is not one of none, dhcp, address=IP/PREFIX"
                        + "[%BROADCAST], route=NET/PREFIX%GATEWAY, source=NETWORK, mac=MAC");
            }
            if ((key.equals("source") || key.equals("mac") || key.equals("dhcp")) && !seen.add(key)) {
                throw new NetworkException("-N " + option + ": '" + key + "' given twice");
            }
            try {
                switch (key) {
                    case "dhcp" -> dhcp = true;
                    case "source" -> source = NetworkNames.requireValid(value);
                    case "mac" -> mac = Optional.of(MacAddress.parse(value));
                    case "address" -> addresses.add(address(value));
                    case "route" -> routes.add(route(value));
                    default -> throw new NetworkException("unknown key '" + key + "' (want dhcp, address, route, "
                            + "source or mac)");
                }
            } catch (NetworkException e) {
                throw new NetworkException("-N " + option + ": " + e.getMessage());
            }
        }
        if (dhcp && !(addresses.isEmpty() && routes.isEmpty())) {
            throw new NetworkException("-N " + option + ": dhcp takes the address and routes from the DHCP server; "
                    + "drop address=/route= or drop dhcp");
        }
        return new Interface(source, dhcp, mac, addresses, routes);
    }

    private static StaticAddress address(String value) {
        requireV4(value);
        int pct = value.indexOf('%');
        AddressWithPrefix a = AddressWithPrefix.parse(pct < 0 ? value : value.substring(0, pct));
        if (a.prefix() == 0) {
            throw new NetworkException("address " + a + ": prefix /0 is not an interface address");
        }
        if (a.address().bits() == 0 || a.address().isMulticastOrReserved() || (a.address().bits() >>> 24) == 127) {
            throw new NetworkException("address " + a + " is not a usable unicast address");
        }
        Cidr net = a.network();
        if (a.prefix() <= 30 && (a.address().equals(net.network()) || a.address().equals(net.broadcast()))) {
            throw new NetworkException("address " + a + " is the network or broadcast address of " + net);
        }
        Optional<Ipv4> brd = Optional.empty();
        if (pct >= 0) {
            brd = Optional.of(Ipv4.parse(value.substring(pct + 1)));
            if (!net.contains(brd.get())) {
                throw new NetworkException("broadcast " + brd.get() + " is outside " + net);
            }
        }
        return new StaticAddress(a, brd);
    }

    private static StaticRoute route(String value) {
        requireV4(value);
        int pct = value.indexOf('%');
        if (pct < 0) {
            throw new NetworkException("route " + value + " needs a gateway: route=NET/PREFIX%GATEWAY");
        }
        return new StaticRoute(Cidr.parse(value.substring(0, pct)), Ipv4.parse(value.substring(pct + 1)));
    }

    private static void requireV4(String value) {
        if (value.contains(":")) {
            throw new NetworkException("'" + value + "': IPv6 is not supported yet");
        }
    }
}
