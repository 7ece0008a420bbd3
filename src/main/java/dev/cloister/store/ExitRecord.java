package dev.cloister.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** How PID 1 last ended, as the monitor recorded it: {@code exited CODE TIME} or {@code signaled SIG TIME}. */
public record ExitRecord(boolean signaled, int value, long epochSeconds) {

    public static Optional<ExitRecord> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String[] f = text.split(" ");
        try {
            if (f.length >= 2 && (f[0].equals("exited") || f[0].equals("signaled"))) {
                return Optional.of(new ExitRecord(f[0].equals("signaled"), Integer.parseInt(f[1]),
                        f.length > 2 ? Long.parseLong(f[2]) : 0));
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IOException(file + ": unreadable exit record '" + text + "'");
    }

    /** The kernel ends a PID namespace's init with SIGINT when it halts or powers off through reboot(2). */
    private static final int HALT = 2;
    /** ... and with SIGHUP when it reboots. */
    private static final int REBOOT = 1;
    /** What the monitor exits with after a reboot inside: systemd-nspawn's "restart me". */
    private static final int EXIT_REBOOT = 133;

    /** What the monitor exited with: the exit code, 128 + signal, 0 for a halt and 133 for a reboot inside. */
    public int shellStatus() {
        if (!signaled) {
            return value;
        }
        return value == HALT ? 0 : value == REBOOT ? EXIT_REBOOT : 128 + value;
    }

    public String describe() {
        if (!signaled) {
            return "exited with status " + value;
        }
        return value == HALT ? "halted (a clean stop, or a poweroff inside)"
                : value == REBOOT ? "rebooted from inside" : "killed by signal " + value;
    }
}
