package dev.cloister.security.seccomp;

/**
 * A CPU architecture a seccomp filter can be compiled for, with its {@code AUDIT_ARCH_*}
 * value (the {@code arch} field of {@code struct seccomp_data}). Both are little-endian, which
 * the compiler relies on for the layout of the filter and of 64-bit arguments.
 */
public enum Arch {
    X86_64(0xc000003e, true),
    AARCH64(0xc00000b7, false);

    private final int auditArch;
    private final boolean x32;

    Arch(int auditArch, boolean x32) {
        this.auditArch = auditArch;
        this.x32 = x32;
    }

    /** The {@code AUDIT_ARCH_*} value the kernel reports for this architecture's native calls. */
    public int auditArch() {
        return auditArch;
    }

    /** True when x32 ABI calls report this same arch value, told apart only by bit 30 of nr. */
    public boolean hasX32() {
        return x32;
    }

    /** The architecture this JVM runs on. */
    public static Arch host() {
        return forOsArch(System.getProperty("os.arch"));
    }

    static Arch forOsArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> throw new IllegalStateException("no seccomp support for architecture '" + osArch
                    + "': Cloister supports x86_64 and aarch64");
        };
    }
}
