package dev.cloister.security;

import dev.cloister.spec.SecurityLevel;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Hands out what separates one sandbox from every other: an MCS level and a 65536-id uid/gid
 * range. The caller holds the store-wide lock and passes every identity already in use, so
 * two sandboxes never share either, even when creates run in parallel.
 */
public final class IdentityAllocator {

    /** First host uid of sandbox ranges: above systemd-nspawn's dynamic range (up to 0x6FFF0000). */
    public static final long FIRST_UID_BASE = 0x7000_0000L;
    public static final long RANGE = 65_536;
    /** The last range ends below 0xFFFF0000, clear of (uid_t) -1 and the overflow ids. */
    public static final long LAST_UID_BASE = 0xFFFE_0000L - RANGE;

    /** A sandbox's identity; in what is in use, the level of a damaged config may be unknown (null). */
    public record Identity(SecurityLevel level, long uidBase) {
    }

    private final RandomGenerator random;

    public IdentityAllocator(RandomGenerator random) {
        this.random = random;
    }

    /**
     * Allocates an identity. A requested level must be free; without one a random free
     * pair of categories is chosen, as libvirt's sVirt does.
     */
    public Identity allocate(Optional<SecurityLevel> requested, Collection<Identity> inUse) {
        Set<SecurityLevel> levels = new HashSet<>();
        Set<Long> bases = new HashSet<>();
        for (Identity id : inUse) {
            levels.add(id.level());
            bases.add(id.uidBase());
        }
        SecurityLevel level = requested.map(l -> {
            if (levels.contains(l)) {
                throw new IllegalArgumentException("level " + l + " is already used by another sandbox: "
                        + "choose another with -l, or leave -l out for a free one");
            }
            return l;
        }).orElseGet(() -> randomFreeLevel(levels));
        return new Identity(level, lowestFreeBase(bases));
    }

    private SecurityLevel randomFreeLevel(Set<SecurityLevel> used) {
        int max = SecurityLevel.MAX_CATEGORY + 1;
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int a = random.nextInt(max);
            int b = random.nextInt(max);
            if (a == b) {
                continue;
            }
            SecurityLevel candidate = new SecurityLevel(Math.min(a, b), Math.max(a, b));
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free MCS level found: remove unused sandboxes");
    }

    private static long lowestFreeBase(Set<Long> used) {
        for (long base = FIRST_UID_BASE; base <= LAST_UID_BASE; base += RANGE) {
            if (!used.contains(base)) {
                return base;
            }
        }
        throw new IllegalStateException("every uid range is in use: remove unused sandboxes");
    }
}
