package dev.cloister.net;

/** "IP/PREFIX" as an interface address (host bits allowed), e.g. 10.0.0.5/24. */
public record AddressWithPrefix(Ipv4 address, int prefix) {

    public static AddressWithPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new NetworkException("'" + text + "' needs a prefix length, e.g. " + text + "/24");
        }
        String p = text.substring(slash + 1);
        if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 32) {
            throw new NetworkException("'" + text + "': prefix length '" + p + "' is out of range (0-32)");
        }
        return new AddressWithPrefix(Ipv4.parse(text.substring(0, slash)), Integer.parseInt(p));
    }

    public Cidr network() {
        return Cidr.containing(address, prefix);
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
