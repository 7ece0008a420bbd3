package dev.cloister.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A record cloister keeps (runtime state, exit record, lease file, …) that cannot be read. The
 * message reads {@code FILE:LINE: problem}, like a config error, so that {@code list} can show
 * the one sandbox as broken and go on with the others.
 */
public final class DamagedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;

    public DamagedFileException(Path file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public int line() {
        return line;
    }
}
