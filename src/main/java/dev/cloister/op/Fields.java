package dev.cloister.op;

import java.util.List;

/** How ops spell numbers and lists in their fields. */
final class Fields {
    private Fields() {
    }

    /** A comma list of flags, or "-" for none (fields are never empty). */
    static String flags(List<String> flags) {
        return flags.isEmpty() ? "-" : String.join(",", flags);
    }

    static String octal(int mode) {
        return String.format("%04o", mode);
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
