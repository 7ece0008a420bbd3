package dev.cloister.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Small reads of /proc. */
public final class ProcFs {
    private ProcFs() {
    }

    /** Field 22 of /proc/PID/stat (start time in clock ticks), or empty if the pid is gone. */
    public static OptionalLong startTime(long pid) {
        String[] rest = afterName(pid);
        try {
            return rest == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(rest[19]));
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Whether the process that started at {@code start} still runs. A zombie does not: it has
     * ended and only waits for its parent (a killed monitor stays one until init reaps it).
     */
    public static boolean alive(long pid, long start) {
        String[] rest = afterName(pid);
        try {
            return rest != null && Long.parseLong(rest[19]) == start && !rest[0].equals("Z") && !rest[0].equals("X");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Fields 3.. of /proc/PID/stat, or null if the pid is gone. */
    private static String[] afterName(long pid) {
        if (pid <= 0) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
