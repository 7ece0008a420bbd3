package dev.cloister.cgroup;

import java.util.Locale;

/** Field encoding of the start plan (docs/plan-format.md, "Lexical format"). */
final class PlanField {
    private PlanField() {
    }

    /**
     * '%', space, bytes below 0x21 and 0x7f become %XX; everything else stays. Working on chars is
     * enough: those bytes are all ASCII, and UTF-8 never uses ASCII bytes inside a multi-byte char.
     */
    static String encode(String field) {
        if (field.isEmpty()) {
            throw new IllegalArgumentException("plan fields cannot be empty");
        }
        StringBuilder out = new StringBuilder(field.length());
        for (char c : field.toCharArray()) {
            if (c == '%' || c < 0x21 || c == 0x7f) {
                out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
