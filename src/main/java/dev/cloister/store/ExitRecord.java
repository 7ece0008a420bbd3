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

    /** The shell's convention: the exit code, or 128 + signal. */
    public int shellStatus() {
        return signaled ? 128 + value : value;
    }

    public String describe() {
        return signaled ? "killed by signal " + value : "exited with status " + value;
    }
}
