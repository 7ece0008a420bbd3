package dev.cloister.spec;

/**
 * A sandbox config file that cannot be used. The message reads {@code FILE:LINE: problem — what to do}, the form
 * editors and compilers use, so an administrator can jump to the line. Line 0 means the file as a whole.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * @param detail the problem and what to do about it, separated by " — "
     */
    public ConfigException(String file, int line, String detail) {
        super(file + ":" + line + ": " + detail);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
