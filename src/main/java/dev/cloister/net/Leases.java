package dev.cloister.net;

import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A network's leases file: one "IP sandbox-name" line per leased address, sorted by address. */
public record Leases(Map<Ipv4, String> byAddress) {

    public Leases {
        byAddress = Collections.unmodifiableMap(new TreeMap<>(byAddress));
    }

    public static Leases parse(String text, String origin) {
        Map<Ipv4, String> map = new TreeMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ");
            try {
                if (f.length != 2 || map.put(Ipv4.parse(f[0]), f[1]) != null) {
                    throw new NetworkException("want 'IP SANDBOX', each address once");
                }
            } catch (NetworkException e) {
                throw new NetworkException(origin + ":" + (i + 1) + ": damaged (" + e.getMessage()
                        + "): '" + line + "' — fix or remove the line");
            }
        }
        return new Leases(map);
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        byAddress.forEach((ip, owner) -> out.append(ip).append(' ').append(owner).append('\n'));
        return out.toString();
    }

    public List<Ipv4> addressesOf(String sandbox) {
        List<Ipv4> addresses = new ArrayList<>();
        byAddress.forEach((ip, owner) -> {
            if (owner.equals(sandbox)) {
                addresses.add(ip);
            }
        });
        return List.copyOf(addresses);
    }

    public Optional<String> owner(Ipv4 ip) {
        return Optional.ofNullable(byAddress.get(ip));
    }

    public Leases with(Ipv4 ip, String sandbox) {
        Map<Ipv4, String> m = new TreeMap<>(byAddress);
        m.put(ip, sandbox);
        return new Leases(m);
    }

    public Leases without(Ipv4 ip) {
        Map<Ipv4, String> m = new TreeMap<>(byAddress);
        m.remove(ip);
        return new Leases(m);
    }

    public Leases without(String sandbox) {
        Map<Ipv4, String> m = new TreeMap<>(byAddress);
        m.values().removeIf(sandbox::equals);
        return new Leases(m);
    }
}
