package dev.cloister.security;

import dev.cloister.spec.SecurityLevel;

import java.io.IOException;
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

    /** First host uid of sandbox ranges: above systemd's container ranges (nspawn picks up to 0x6FFF0000). */
    public static final long FIRST_UID_BASE = 0x7000_0000L;
    public static final long RANGE = 65_536;
    /** The last range ends below systemd's foreign range (0x7FFE0000) and so below 2^31 (UIDS-GIDS.md). */
    public static final long LAST_UID_BASE = 0x7FFE_0000L - RANGE;

    /** Picks and takes a uid base, given the bases this instance's sandboxes already have. */
    @FunctionalInterface
    public interface BaseClaim {
        long claim(Set<Long> taken) throws IOException;
    }

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
        try {
            return allocate(requested, inUse, IdentityAllocator::lowestFreeBase);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #allocate}, the base taken by CLAIM (the host-wide registry, {@link UidRanges}). */
    public Identity allocate(Optional<SecurityLevel> requested, Collection<Identity> inUse, BaseClaim claim)
            throws IOException {
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
        return new Identity(level, claim.claim(bases));
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
