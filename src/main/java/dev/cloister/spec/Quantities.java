package dev.cloister.spec;

import java.util.Locale;

/** Parsing and printing of the quantities users type: sizes ("512M") and CPU counts ("1.5"). */
public final class Quantities {
    private Quantities() {
    }

    /**
     * Parses a size: a whole number of bytes, or with a suffix K, M, G, T (powers of 1024;
     * "KiB", "MB" and lower case are accepted too, all as powers of 1024).
     */
    public static long parseSize(String text) {
        String t = text.strip();
        int end = 0;
        while (end < t.length() && t.charAt(end) >= '0' && t.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write e.g. 512M, 2G or 1048576");
        }
        // Up to 19 digits, so that every size formatSize prints (up to Long.MAX_VALUE) reads back.
        if (end > 19 || (end == 19 && t.substring(0, end).compareTo(Long.toString(Long.MAX_VALUE)) > 0)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        long number = Long.parseLong(t.substring(0, end));
        String unit = t.substring(end).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "", "B" -> 0;
            case "K", "KB", "KIB" -> 10;
            case "M", "MB", "MIB" -> 20;
            case "G", "GB", "GIB" -> 30;
            case "T", "TB", "TIB" -> 40;
            default -> throw new IllegalArgumentException(
                    "'" + text + "' has an unknown unit '" + t.substring(end) + "': use K, M, G or T");
        };
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return number << shift;
    }

    /** Prints a size with the largest unit that divides it exactly (the form parseSize reads). */
    public static String formatSize(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** Parses a CPU count with at most three decimals ("1.5" -> 1500 milli-CPUs). */
    public static long parseCpuMillis(String text) {
        String t = text.strip();
        if (!t.matches("\\d{1,7}(\\.\\d{1,3})?")) {
            throw new IllegalArgumentException("'" + text + "' is not a CPU count: write e.g. 1, 0.5 or 1.25");
        }
        int dot = t.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(t) * 1000;
        }
        String frac = (t.substring(dot + 1) + "00").substring(0, 3);
        return Long.parseLong(t.substring(0, dot)) * 1000 + Long.parseLong(frac);
    }

    /** Prints milli-CPUs the way parseCpuMillis reads them ("1500" -> "1.5"). */
    public static String formatCpuMillis(long millis) {
        long whole = millis / 1000;
        long frac = millis % 1000;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = String.format(Locale.ROOT, "%03d", frac).replaceAll("0+$", "");
        return whole + "." + f;
    }
}
