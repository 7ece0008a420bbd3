package dev.cloister.security.seccomp;

/** An errno a seccomp rule makes a denied call return (same numbers on x86_64 and aarch64). */
public enum Errno {
    /** "Operation not permitted": denied by policy, as Docker's profile answers. */
    EPERM(1),
    /** "Function not implemented": what a kernel without the call answers. */
    ENOSYS(38);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
