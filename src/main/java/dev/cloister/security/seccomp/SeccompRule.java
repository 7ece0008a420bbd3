package dev.cloister.security.seccomp;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** One line of a {@link SeccompPolicy}: what happens to one syscall, and why. */
public sealed interface SeccompRule {
    String syscall();

    String reason();

    /** The call always fails with {@code errno}. */
    record Deny(String syscall, Errno errno, String reason) implements SeccompRule {
        public Deny {
            Objects.requireNonNull(errno);
            requireText(syscall, reason);
        }
    }

    /**
     * The call fails with {@code errno} when argument {@code arg} is one of {@code values}.
     * Only the low 32 bits are compared: use this only for arguments the kernel declares
     * {@code unsigned int} and truncates (ioctl's request, personality's persona), so setting
     * high bits cannot slip a value past the rule.
     */
    record DenyIfArgIn(String syscall, int arg, List<ArgValue> values, Errno errno, String reason)
            implements SeccompRule {
        public DenyIfArgIn {
            values = checkArg(syscall, arg, values, errno, reason);
        }
    }

    /** The call fails with {@code errno} unless argument {@code arg} is one of {@code values} (low 32 bits, as above). */
    record DenyUnlessArgIn(String syscall, int arg, List<ArgValue> values, Errno errno, String reason)
            implements SeccompRule {
        public DenyUnlessArgIn {
            values = checkArg(syscall, arg, values, errno, reason);
        }
    }

    /**
     * The call is allowed. The policy's default already allows it; the rule records a deliberate
     * choice (often a call Docker's profile denies) so that {@code cloister inspect} shows it.
     */
    record Allow(String syscall, String reason) implements SeccompRule {
        public Allow {
            requireText(syscall, reason);
        }
    }

    /** A 32-bit argument value and its name for people (e.g. TIOCSTI). */
    record ArgValue(long value, String name) {
        public ArgValue {
            if (value < 0 || value > 0xffff_ffffL) {
                throw new IllegalArgumentException(name + " = 0x" + Long.toHexString(value) + " does not fit in 32 bits");
            }
            Objects.requireNonNull(name);
        }

        @Override
        public String toString() {
            return name + " (0x" + Long.toHexString(value) + ")";
        }
    }

    private static void requireText(String syscall, String reason) {
        if (syscall == null || syscall.isEmpty() || reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("a seccomp rule needs a syscall name and a reason");
        }
    }

    private static List<ArgValue> checkArg(String syscall, int arg, List<ArgValue> values, Errno errno, String reason) {
        requireText(syscall, reason);
        Objects.requireNonNull(errno);
        if (arg < 0 || arg > 5) {
            throw new IllegalArgumentException(syscall + ": argument index " + arg + " is not in 0..5");
        }
        if (values.isEmpty() || new HashSet<>(values.stream().map(ArgValue::value).toList()).size() != values.size()) {
            throw new IllegalArgumentException(syscall + ": argument values must be non-empty and distinct");
        }
        return List.copyOf(values);
    }
}
