package dev.cloister.spec;

/**
 * The sandbox config file, /etc/cloister/NAME.conf: written by {@code cloister create}, edited by administrators,
 * read by every command. The format is systemd-style INI:
 *
 * <pre>
 * [Sandbox]   Name= Level= Label= UidBase=
 * [Service]   Unit=… Package=… Copy=        (service sandboxes)
 * [Command]   Exec= Package=… Copy=         (generic sandboxes, instead of [Service])
 * [Limits]    Memory= CPUs= CPUWeight= PidsLimit= IOWeight= Storage=
 * [Mount]     HostBind=DST=SRC… Ram=DST=SIZE…
 * [Network]   Network=…
 * </pre>
 *
 * Keys marked … may repeat and keep their order. {@link #parse} accepts exactly what {@link #render} can write:
 * {@code parse(render(c))} equals {@code c}.
 */
public final class ConfigFile {
    public static final String SUFFIX = ".conf";
    /** A config is a few hundred bytes; the limits stop a wrong file (a log, a disk image) early. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    public static final int MAX_LINE_BYTES = 64 << 10;

    private ConfigFile() {
    }

    /**
     * Reads a config file's text.
     *
     * @param fileName the name used in messages; if it ends with ".conf", Name= must match it
     * @throws ConfigException for anything wrong with the text, and nothing else
     */
    public static SandboxConfig parse(String text, String fileName) {
        return ConfigReader.read(text, fileName);
    }

    /**
     * {@link #parse} of a file's bytes: text that is not UTF-8 is a {@link ConfigException} naming the line and
     * column of the first bad byte, like any other mistake in the file.
     */
    public static SandboxConfig parse(byte[] bytes, String fileName) {
        return parse(Utf8.decode(bytes, fileName), fileName);
    }

    /**
     * Writes a config in canonical form, starting with a comment that says how to apply edits.
     *
     * @throws IllegalArgumentException if a value could not be read back (a unit name with a space, a relative
     *                                  mount path, …)
     */
    public static String render(SandboxConfig config) {
        return ConfigWriter.render(config);
    }
}
