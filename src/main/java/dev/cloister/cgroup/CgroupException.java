package dev.cloister.cgroup;

/** A cgroup operation that cannot be done; the message says what was wrong and what to do. */
public final class CgroupException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
