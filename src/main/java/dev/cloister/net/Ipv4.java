package dev.cloister.net;

/** An IPv4 address as its 32 bits. Only strict dotted quads parse (no "010.1", no "1.2.3"). */
public record Ipv4(int bits) implements Comparable<Ipv4> {

    public static Ipv4 parse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new NetworkException("'" + text + "' is not an IPv4 address (want A.B.C.D)");
        }
        int bits = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                throw new NetworkException("'" + text + "' is not an IPv4 address (want A.B.C.D, each 0-255)");
            }
            bits = bits << 8 | Integer.parseInt(p);
        }
        return new Ipv4(bits);
    }

    public Ipv4 plus(long n) {
        return new Ipv4((int) (Integer.toUnsignedLong(bits) + n));
    }

    public boolean isMulticastOrReserved() {
        return Integer.toUnsignedLong(bits) >= 0xe0000000L;
    }

    @Override
    public int compareTo(Ipv4 o) {
        return Integer.compareUnsigned(bits, o.bits);
    }

    @Override
    public String toString() {
        return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
    }
}
