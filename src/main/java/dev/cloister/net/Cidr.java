package dev.cloister.net;

/** A network: address with host bits zero, and a prefix length 0-32. */
public record Cidr(Ipv4 network, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new NetworkException("prefix /" + prefix + " is out of range (0-32)");
        }
        if ((network.bits() & ~mask(prefix)) != 0) {
            throw new NetworkException(network + "/" + prefix + " has host bits set; the network is "
                    + new Ipv4(network.bits() & mask(prefix)) + "/" + prefix);
        }
    }

    /** "A.B.C.D/N" with host bits zero. */
    public static Cidr parse(String text) {
        AddressWithPrefix a = AddressWithPrefix.parse(text);
        return new Cidr(a.address(), a.prefix());
    }

    /** The network an address belongs to. */
    public static Cidr containing(Ipv4 address, int prefix) {
        return new Cidr(new Ipv4(address.bits() & mask(prefix)), prefix);
    }

    static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    public boolean contains(Ipv4 a) {
        return (a.bits() & mask(prefix)) == network.bits();
    }

    public boolean overlaps(Cidr o) {
        return contains(o.network) || o.contains(network);
    }

    public Ipv4 broadcast() {
        return network.plus(size() - 1);
    }

    /** The gateway, on the bridge: the first host address. */
    public Ipv4 gateway() {
        return network.plus(1);
    }

    @Override
    public String toString() {
        return network + "/" + prefix;
    }
}
