package dev.cloister.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the sandbox's last run went, as the helper recorded it in the exit record's first line:
 * {@code created T} (never started), {@code started T} (a run began; while nothing ends it,
 * its monitor was killed or the host went down), {@code exited CODE T}, {@code signaled SIG T},
 * or {@code lost T} (the cleanup after a killed monitor: PID 1's status is unknown). The
 * helper rewrites the line in place, so a full disk never loses it.
 */
public record ExitRecord(Kind kind, int value, long epochSeconds) {

    public enum Kind { CREATED, STARTED, EXITED, SIGNALED, LOST }

    /** What create writes: the file exists from then on, so no later record needs a free block. */
    public static String created(long epochSeconds) {
        return "created " + epochSeconds + "\n";
    }

    public static Optional<ExitRecord> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DamagedFileException(file, 1, "not text: delete the file (the sandbox then shows as defined)");
        }
        int nl = text.indexOf('\n');
        String line = (nl < 0 ? text : text.substring(0, nl)).strip();
        String[] f = line.split(" ");
        try {
            Kind kind = Kind.valueOf(f[0].toUpperCase(java.util.Locale.ROOT));
            boolean withValue = kind == Kind.EXITED || kind == Kind.SIGNALED;
            if (f.length == (withValue ? 3 : 2)) {
                return Optional.of(new ExitRecord(kind, withValue ? Integer.parseInt(f[1]) : 0,
                        Long.parseLong(f[f.length - 1])));
            }
        } catch (IllegalArgumentException e) {
            // NumberFormatException included: the error below
        }
        throw new DamagedFileException(file, 1, "unreadable exit record '" + line
                + "': delete the file (the sandbox then shows as defined)");
    }

    /** Whether the record holds PID 1's end (an exit code or a signal). */
    public boolean ended() {
        return kind == Kind.EXITED || kind == Kind.SIGNALED;
    }

    public boolean signaled() {
        return kind == Kind.SIGNALED;
    }

    /** The kernel ends a PID namespace's init with SIGINT when it halts or powers off through reboot(2). */
    private static final int HALT = 2;
    /** ... and with SIGHUP when it reboots. */
    private static final int REBOOT = 1;
    /** What the monitor exits with after a reboot inside: systemd-nspawn's "restart me". */
    private static final int EXIT_REBOOT = 133;

    /** What the monitor exited with: the exit code, 128 + signal, 0 for a halt and 133 for a reboot inside. */
    public int shellStatus() {
        if (!signaled()) {
            return value;
        }
        return value == HALT ? 0 : value == REBOOT ? EXIT_REBOOT : 128 + value;
    }

    public String describe() {
        return switch (kind) {
            case EXITED -> "exited with status " + value;
            case SIGNALED -> value == HALT ? "halted (a clean stop, or a poweroff inside)"
                    : value == REBOOT ? "rebooted from inside" : "killed by signal " + value;
            case LOST -> "unknown: its monitor was killed";
            case STARTED -> "unknown: its monitor was killed or the host went down while it ran";
            case CREATED -> "never started";
        };
    }
}
