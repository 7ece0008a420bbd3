package dev.cloister.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An MCS security level: {@code s0:cA,cB} (0 <= A < B <= 1023) or {@code s0:cN}. For a
 * single category {@code second} is -1.
 */
public record SecurityLevel(int first, int second) implements Comparable<SecurityLevel> {
    public static final int MAX_CATEGORY = 1023;
    private static final Pattern FORM = Pattern.compile("s0:c(\\d{1,4})(?:,c(\\d{1,4}))?");

    public SecurityLevel {
        if (first < 0 || first > MAX_CATEGORY || second > MAX_CATEGORY || (second >= 0 && second <= first)
                || second < -1) {
            throw new IllegalArgumentException("invalid MCS level s0:c" + first + (second >= 0 ? ",c" + second : "")
                    + ": categories must satisfy 0 <= A < B <= 1023");
        }
    }

    public static SecurityLevel parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text
                    + "' is not an MCS level: write s0:cA,cB (0 <= A < B <= 1023) or s0:cN");
        }
        int a = Integer.parseInt(m.group(1));
        int b = m.group(2) == null ? -1 : Integer.parseInt(m.group(2));
        return new SecurityLevel(a, b);
    }

    /**
     * Written out (also {@link #hashCode}): a record's generated equals and hashCode are linked
     * through invokedynamic on first use, ~5 ms of a cold command, and create hashes levels.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof SecurityLevel l && l.first == first && l.second == second;
    }

    @Override
    public int hashCode() {
        return first * (MAX_CATEGORY + 2) + second;
    }

    @Override
    public String toString() {
        return "s0:c" + first + (second >= 0 ? ",c" + second : "");
    }

    @Override
    public int compareTo(SecurityLevel o) {
        return first != o.first ? Integer.compare(first, o.first) : Integer.compare(second, o.second);
    }
}
