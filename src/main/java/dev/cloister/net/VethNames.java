package dev.cloister.net;

import java.util.Collection;

/**
 * Host-side veth names: "clv" + 10 hex digits of a hash of the sandbox name + the interface index,
 * 14 bytes (the kernel allows 15). Deterministic, so a start after a crash finds its stale link
 * (the helper deletes it). Two sandbox names sharing the 40-bit hash prefix would fight over
 * their links, so create refuses the second one (see {@link #requireDistinct}).
 */
public final class VethNames {
    private VethNames() {
    }

    public static String host(String sandbox, int nic) {
        if (nic < 0 || nic >= NetworkSpec.MAX_INTERFACES) {
            throw new IllegalArgumentException("interface index " + nic);
        }
        return "clv" + hash(sandbox) + nic;
    }

    /** The peer's name inside the sandbox: host0, host1… as systemd-nspawn names it. */
    public static String peer(int nic) {
        return "host" + nic;
    }

    public static void requireDistinct(String sandbox, Collection<String> otherSandboxes) {
        String mine = hash(sandbox);
        for (String other : otherSandboxes) {
            if (!other.equals(sandbox) && hash(other).equals(mine)) {
                throw new NetworkException("sandbox name " + sandbox + " hashes to the same host interface names as "
                        + "sandbox " + other + " (clv" + mine + "N); choose another name");
            }
        }
    }

    /** The sandbox's nft publish table: "clst_p_" + the same 10 hex digits as its veths. */
    public static String publishTable(String sandbox) {
        return "clst_p_" + hash(sandbox);
    }

    private static String hash(String sandbox) {
        return String.format("%010x", NameHash.of(sandbox) & 0xff_ffff_ffffL);
    }
}
