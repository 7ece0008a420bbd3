package dev.cloister.net;

import java.util.regex.Pattern;

/** Network names: short, because the bridge's interface name is derived from them (15 bytes max). */
public final class NetworkNames {
    public static final String DEFAULT = "cloister0";
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,10}");

    private NetworkNames() {
    }

    public static String requireValid(String name) {
        if (!VALID.matcher(name).matches()) {
            throw new NetworkException("'" + name + "' is not a valid network name: use 1 to 11 lower-case letters, "
                    + "digits or '-', starting with a letter or digit");
        }
        return name;
    }

    /** The default network's bridge is cloister0 itself; the others get the "clst" prefix. */
    public static String bridgeOf(String network) {
        return network.equals(DEFAULT) ? DEFAULT : "clst" + requireValid(network);
    }
}
