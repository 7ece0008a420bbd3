package dev.cloister.spec;

import java.util.regex.Pattern;

/** Sandbox names: they become file names, host unit names and hostnames, so they are strict. */
public final class Names {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private Names() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches() && !name.contains("..");
    }

    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid sandbox name: use 1 to 63 letters, "
                    + "digits, '-', '_' or '.', starting with a letter or digit (no '..')");
        }
        return name;
    }
}
