package dev.cloister.net;

import java.util.HexFormat;

/** A unicast, non-zero Ethernet address (what the kernel accepts for a veth). */
public record MacAddress(long bits) {

    public static MacAddress parse(String text) {
        if (!text.matches("[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
            throw new NetworkException("'" + text + "' is not a MAC address (want six hex pairs: 52:54:00:12:34:56)");
        }
        MacAddress mac = new MacAddress(Long.parseLong(text.replace(":", ""), 16));
        if ((mac.bits >>> 40 & 1) != 0) {
            throw new NetworkException("'" + text + "' is a multicast MAC address (the first byte is odd); "
                    + "an interface needs a unicast one, e.g. 02:..");
        }
        if (mac.bits == 0) {
            throw new NetworkException("'" + text + "' (all zero) is not a usable MAC address");
        }
        return mac;
    }

    /** Stable across starts (so a DHCP server recognises the sandbox), locally administered. */
    public static MacAddress derived(String sandbox, int nic) {
        long h = NameHash.of("mac:" + sandbox + "#" + nic);
        return new MacAddress((0x02L << 40) | (h & 0xff_ffff_ffffL)); // locally administered, unicast
    }

    @Override
    public String toString() {
        String hex = HexFormat.of().toHexDigits(bits).substring(4);
        StringBuilder out = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            out.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return out.toString();
    }
}
