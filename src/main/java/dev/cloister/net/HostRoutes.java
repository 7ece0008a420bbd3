package dev.cloister.net;

import java.util.ArrayList;
import java.util.List;

/** The host's IPv4 routes from /proc/net/route, to keep our subnets off networks the host uses. */
public record HostRoutes(List<Route> routes) {

    public record Route(String iface, Cidr destination) {
    }

    public HostRoutes {
        routes = List.copyOf(routes);
    }

    /** Parses /proc/net/route: a header line, then whitespace-separated fields, addresses in little-endian hex. */
    public static HostRoutes parse(String procNetRoute) {
        List<Route> out = new ArrayList<>();
        String[] lines = procNetRoute.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            try {
                int dst = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
                int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
                int prefix = Integer.bitCount(mask);
                if (mask != Cidr.mask(prefix)) {
                    continue;   // non-contiguous masks cannot be configured on Linux any more
                }
                out.add(new Route(f[0], new Cidr(new Ipv4(dst & mask), prefix)));
            } catch (NumberFormatException e) {
                throw new NetworkException("unreadable /proc/net/route line " + (i + 1) + ": " + lines[i]);
            }
        }
        return new HostRoutes(out);
    }

    /** Routes (other than default routes and those through ignoredIface) that overlap the subnet. */
    public List<Route> collisions(Cidr subnet, String ignoredIface) {
        return routes.stream()
                .filter(r -> r.destination().prefix() > 0 && !r.iface().equals(ignoredIface))
                .filter(r -> r.destination().overlaps(subnet))
                .toList();
    }
}
