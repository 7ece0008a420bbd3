package dev.cloister.net;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named network: a bridge, its subnet, the gateway (first host, on the bridge), the IPAM pool
 * (from gateway+1 up) and the DHCP range (the top quarter, kept out of the pool so the two never
 * hand out the same address). With {@code nat}, traffic from the subnet to the rest of the world
 * is masqueraded behind the host's address (off by default). Its sandboxes reach the host only for
 * DHCP and DNS on the bridge, unless {@code hostAccess} opens every host service to them.
 */
public record NetworkConfig(String name, String bridge, Cidr subnet, boolean nat, boolean hostAccess) {
    public static final int MIN_PREFIX = 16;
    public static final int MAX_PREFIX = 29;

    public NetworkConfig {
        NetworkNames.requireValid(name);
        if (!bridge.matches("[A-Za-z0-9_-]{1,15}")) {
            throw new NetworkException("network " + name + ": '" + bridge + "' is not a usable bridge name "
                    + "(1 to 15 letters, digits, '-' or '_')");
        }
        if (subnet.prefix() < MIN_PREFIX || subnet.prefix() > MAX_PREFIX) {
            throw new NetworkException("subnet " + subnet + " of network " + name + ": the prefix must be /"
                    + MIN_PREFIX + " to /" + MAX_PREFIX);
        }
    }

    public NetworkConfig(String name, String bridge, Cidr subnet) {
        this(name, bridge, subnet, false, false);
    }

    public NetworkConfig(String name, String bridge, Cidr subnet, boolean nat) {
        this(name, bridge, subnet, nat, false);
    }

    public static NetworkConfig of(String name, Cidr subnet) {
        return new NetworkConfig(name, NetworkNames.bridgeOf(name), subnet);
    }

    public NetworkConfig withNat(boolean newNat) {
        return new NetworkConfig(name, bridge, subnet, newNat, hostAccess);
    }

    public NetworkConfig withHostAccess(boolean open) {
        return new NetworkConfig(name, bridge, subnet, nat, open);
    }

    /** The nft table (family ip) of the bridge: isolation from other networks, loopback guard, NAT. */
    public String bridgeTable() {
        return "clst_br_" + bridge.replace('-', '_');
    }

    public Ipv4 gateway() {
        return subnet.gateway();
    }

    public Ipv4 dhcpFirst() {
        return subnet.network().plus(subnet.size() * 3 / 4);
    }

    public Ipv4 dhcpLast() {
        return subnet.broadcast().plus(-1);
    }

    public Ipv4 poolFirst() {
        return gateway().plus(1);
    }

    public Ipv4 poolLast() {
        return dhcpFirst().plus(-1);
    }

    public long poolSize() {
        return Integer.toUnsignedLong(poolLast().bits()) - Integer.toUnsignedLong(poolFirst().bits()) + 1;
    }

    /** The config file: key=value lines. */
    public String render() {
        return "# cloister network\nname=" + name + "\nbridge=" + bridge + "\nsubnet=" + subnet + "\n"
                + (nat ? "nat=yes\n" : "") + (hostAccess ? "host-access=yes\n" : "");
    }

    private static boolean yesNo(Map<String, String> kv, String key) {
        String v = kv.getOrDefault(key, "no");
        if (!v.equals("yes") && !v.equals("no")) {
            throw new NetworkException(key + "=" + v + " is not yes or no");
        }
        return v.equals("yes");
    }

    public static NetworkConfig parse(String text, String origin) {
        Map<String, String> kv = new LinkedHashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new NetworkException(origin + ":" + (i + 1) + ": '" + line + "' is not key=value — fix the line");
            }
            kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        for (String key : new String[] {"name", "bridge", "subnet"}) {
            if (!kv.containsKey(key)) {
                throw new NetworkException(origin + ":0: missing " + key + "= — add it");
            }
        }
        try {
            return new NetworkConfig(kv.get("name"), kv.get("bridge"), Cidr.parse(kv.get("subnet")), yesNo(kv, "nat"),
                    yesNo(kv, "host-access"));
        } catch (NetworkException e) {
            throw new NetworkException(origin + ":0: " + e.getMessage());
        }
    }
}
