package dev.cloister.spec;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What of the kernel a sandbox may use beyond its base confinement ({@code [Kernel]} in the
 * config; empty fields take the defaults below, which depend on the kind of sandbox).
 *
 * @param nestedUserNamespaces how many user namespaces root inside may create: the largest class
 *                             of kernel escalations needs one (full capabilities over new namespaces).
 *                             Default 0 for a generic sandbox, {@link #SERVICE_NESTED_USERNS} for a
 *                             service sandbox (systemd's PrivateUsers= units need one each)
 * @param nftables             whether nf_tables (netlink NETFILTER) is open inside; default no
 * @param ptys                 the size of the sandbox's pty pool (devpts max=)
 * @param consoleLogBytes      the console log's size before it is rotated (one old log is kept)
 */
public record KernelAccess(OptionalInt nestedUserNamespaces, boolean nftables, OptionalInt ptys,
                           OptionalLong consoleLogBytes) {

    public static final KernelAccess DEFAULT = new KernelAccess(OptionalInt.empty(), false, OptionalInt.empty(),
            OptionalLong.empty());
    public static final int SERVICE_NESTED_USERNS = 8;
    public static final int MAX_NESTED_USERNS = 1024;
    public static final int DEFAULT_PTYS = 256;
    public static final int MAX_PTYS = 4096;
    public static final long DEFAULT_CONSOLE_LOG_BYTES = 8L << 20;
    public static final long MIN_CONSOLE_LOG_BYTES = 64L << 10;

    public KernelAccess {
        nestedUserNamespaces.ifPresent(n -> require(n >= 0 && n <= MAX_NESTED_USERNS,
                "nested user namespaces must be between 0 and " + MAX_NESTED_USERNS));
        ptys.ifPresent(n -> require(n >= 1 && n <= MAX_PTYS, "ptys must be between 1 and " + MAX_PTYS));
        consoleLogBytes.ifPresent(b -> require(b >= MIN_CONSOLE_LOG_BYTES, "the console log size must be at least 64K"));
    }

    public int nestedUserNamespacesFor(boolean service) {
        return nestedUserNamespaces.orElse(service ? SERVICE_NESTED_USERNS : 0);
    }

    public int ptysOrDefault() {
        return ptys.orElse(DEFAULT_PTYS);
    }

    public long consoleLogBytesOrDefault() {
        return consoleLogBytes.orElse(DEFAULT_CONSOLE_LOG_BYTES);
    }

    /** Every field set: the defaults for a service or a generic sandbox filled in (what a plan uses). */
    public KernelAccess resolved(boolean service) {
        return new KernelAccess(OptionalInt.of(nestedUserNamespacesFor(service)), nftables, OptionalInt.of(ptysOrDefault()),
                OptionalLong.of(consoleLogBytesOrDefault()));
    }

    public boolean isDefault() {
        return nestedUserNamespaces.isEmpty() && !nftables && ptys.isEmpty() && consoleLogBytes.isEmpty();
    }

    public KernelAccess withNestedUserNamespaces(int n) {
        return new KernelAccess(OptionalInt.of(n), nftables, ptys, consoleLogBytes);
    }

    public KernelAccess withNftables(boolean allowed) {
        return new KernelAccess(nestedUserNamespaces, allowed, ptys, consoleLogBytes);
    }

    public KernelAccess withPtys(int n) {
        return new KernelAccess(nestedUserNamespaces, nftables, OptionalInt.of(n), consoleLogBytes);
    }

    public KernelAccess withConsoleLogBytes(long bytes) {
        return new KernelAccess(nestedUserNamespaces, nftables, ptys, OptionalLong.of(bytes));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
