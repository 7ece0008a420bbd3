package dev.cloister.net;

import java.util.Collection;
import java.util.List;
import java.util.stream.IntStream;

/** Picks a network's subnet: the first /24 of 10.213.0.0/16 that neither the host nor another network uses. */
public final class SubnetChooser {
    static final Cidr RANGE = Cidr.parse("10.213.0.0/16");

    private SubnetChooser() {
    }

    public static List<Cidr> candidates() {
        return IntStream.range(0, 256).mapToObj(i -> new Cidr(RANGE.network().plus(i * 256L), 24)).toList();
    }

    public static Cidr choose(String network, HostRoutes host, Collection<Cidr> taken) {
        return choose(network, host, taken, 0);
    }

    /** As above, searching from candidate {@code offset} on (relocated instances start elsewhere). */
    public static Cidr choose(String network, HostRoutes host, Collection<Cidr> taken, int offset) {
        List<Cidr> all = candidates();
        return IntStream.range(0, all.size()).mapToObj(i -> all.get((i + offset) % all.size()))
                .filter(c -> host.collisions(c, NetworkNames.bridgeOf(network)).isEmpty())
                .filter(c -> taken.stream().noneMatch(c::overlaps))
                .findFirst()
                .orElseThrow(() -> new NetworkException("no free /24 in " + RANGE + " for network " + network
                        + ": every candidate collides with a host route or another network; give one with --subnet CIDR"));
    }

    /** For a subnet the user chose: refuse one that overlaps the host's routes or another network. */
    public static void check(String network, Cidr subnet, HostRoutes host, Collection<NetworkConfig> others) {
        for (HostRoutes.Route r : host.collisions(subnet, NetworkNames.bridgeOf(network))) {
            throw new NetworkException("subnet " + subnet + " collides with the host's route " + r.destination()
                    + " on " + r.iface() + "; choose another --subnet");
        }
        for (NetworkConfig o : others) {
            if (!o.name().equals(network) && o.subnet().overlaps(subnet)) {
                throw new NetworkException("subnet " + subnet + " overlaps network " + o.name() + " (" + o.subnet()
                        + "); choose another --subnet");
            }
        }
    }
}
