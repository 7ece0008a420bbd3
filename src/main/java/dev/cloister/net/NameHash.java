package dev.cloister.net;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit hash of a name (FNV-1a) for derived interface names and MAC addresses. Not
 * cryptographic, and need not be: collisions are checked where they matter (VethNames), and it
 * spares every command the JDK's security-provider start-up that MessageDigest costs.
 */
final class NameHash {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private NameHash() {
    }

    static long of(String name) {
        long h = OFFSET;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        return h;
    }
}
