package dev.cloister.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The capabilities a sandbox keeps. They are capabilities in the sandbox's own user
 * namespace: they act on its namespaces and on files mapped into it, never on the host.
 * Even so, everything that reaches the kernel as a whole is dropped.
 */
public record CapabilitySet(Set<Capability> kept) {

    /** Never kept, whatever a caller asks: each reaches the host kernel or hardware. */
    public static final Set<Capability> NEVER = EnumSet.of(
            Capability.SYS_MODULE, Capability.SYS_RAWIO, Capability.SYS_TIME, Capability.MAC_ADMIN,
            Capability.MAC_OVERRIDE, Capability.SYSLOG, Capability.SYS_PACCT, Capability.WAKE_ALARM,
            Capability.BLOCK_SUSPEND, Capability.AUDIT_READ, Capability.PERFMON, Capability.BPF,
            Capability.SYS_TTY_CONFIG, Capability.CHECKPOINT_RESTORE);

    /** What a service sandbox keeps: systemd-nspawn's default set, as systemd inside needs it. */
    public static final CapabilitySet SYSTEMD = new CapabilitySet(EnumSet.of(
            Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.DAC_READ_SEARCH, Capability.FOWNER,
            Capability.FSETID, Capability.IPC_OWNER, Capability.KILL, Capability.LEASE,
            Capability.LINUX_IMMUTABLE, Capability.MKNOD, Capability.NET_BIND_SERVICE,
            Capability.NET_BROADCAST, Capability.NET_RAW, Capability.NET_ADMIN, Capability.SETFCAP,
            Capability.SETGID, Capability.SETPCAP, Capability.SETUID, Capability.SYS_ADMIN,
            Capability.SYS_BOOT, Capability.SYS_CHROOT, Capability.SYS_NICE, Capability.SYS_PTRACE,
            Capability.SYS_RESOURCE, Capability.AUDIT_WRITE, Capability.AUDIT_CONTROL));

    /** What a generic sandbox keeps: Docker's default set (no SYS_ADMIN: its command mounts nothing). */
    public static final CapabilitySet GENERIC = new CapabilitySet(EnumSet.of(
            Capability.CHOWN, Capability.DAC_OVERRIDE, Capability.FSETID, Capability.FOWNER,
            Capability.MKNOD, Capability.NET_RAW, Capability.SETGID, Capability.SETUID, Capability.SETFCAP,
            Capability.SETPCAP, Capability.NET_BIND_SERVICE, Capability.SYS_CHROOT, Capability.KILL,
            Capability.AUDIT_WRITE));

    public CapabilitySet {
        kept = kept.isEmpty() ? EnumSet.noneOf(Capability.class) : EnumSet.copyOf(kept);
        for (Capability c : kept) {
            if (NEVER.contains(c)) {
                throw new IllegalArgumentException(c.capName() + " reaches the host and is never kept");
            }
        }
    }

    /** The bit mask the helper's cap-bound and caps ops take. */
    public long mask() {
        long mask = 0;
        for (Capability c : kept) {
            mask |= 1L << c.ordinal();
        }
        return mask;
    }

    public List<String> names() {
        return kept.stream().map(Capability::capName).toList();
    }

    public List<String> droppedNames() {
        return EnumSet.complementOf(EnumSet.copyOf(kept.isEmpty() ? EnumSet.noneOf(Capability.class) : kept))
                .stream().map(Capability::capName).toList();
    }
}
