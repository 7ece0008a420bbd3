package dev.cloister.spec;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks and conversions of single config values that the records do not make themselves. The reader and the
 * writer share them, so that the writer never produces a file the reader would refuse.
 * Every failure is an IllegalArgumentException, the records' own error type.
 */
final class ConfigValues {
    /** systemd's unit-name alphabet (instance names may contain \x2d-style escapes). */
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.\\\\@-]{1,255}");
    /** The union of dpkg and rpm package names, with an optional dpkg architecture (libc6:amd64). */
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_+.:~-]{0,254}");
    /** user:role:type[:level]; the level may be a range such as s0-s0:c0.c1023. */
    private static final Pattern LABEL = Pattern.compile("\\w+:\\w+:\\w+(:[\\w.:,-]+)?");
    private static final int MAX_LABEL = 255;
    private static final int MAX_PATH_BYTES = 4095;

    private ConfigValues() {
    }

    static String unit(String text) {
        if (!UNIT.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a systemd unit name");
        }
        return text;
    }

    static String packageName(String text) {
        if (!PACKAGE.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a package name");
        }
        return text;
    }

    static String label(String text) {
        if (text.length() > MAX_LABEL || !LABEL.matcher(text).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not an SELinux label user:role:type:level");
        }
        return text;
    }

    private static final Pattern PUBLISH = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}:)?"
                    + "([1-9][0-9]{0,4}):([1-9][0-9]{0,4})(?:/(?:tcp|udp))?");

    /** {@code [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]}: a published port (the network layer interprets it). */
    static String publish(String text) {
        java.util.regex.Matcher m = PUBLISH.matcher(text);
        if (!m.matches() || Integer.parseInt(m.group(1)) > 65535 || Integer.parseInt(m.group(2)) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not [HOSTIP:]HOSTPORT:PORT[/tcp|/udp] "
                    + "with ports 1-65535");
        }
        return text;
    }

    /** Free text that survives a round trip through one line of the file. */
    static String lineText(String text) {
        if (text.isEmpty() || !text.equals(text.strip())) {
            throw new IllegalArgumentException("'" + text + "' is empty or starts or ends with white space");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c != '\t' && Character.isISOControl(c)) || Utf8.isUnpairedSurrogate(text, i)) {
                throw new IllegalArgumentException(String.format("'%s' contains the character U+%04X, "
                        + "which cannot be written on one line", text, (int) c));
            }
        }
        return text;
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes", "true", "1", "on" -> true;
            case "no", "false", "0", "off" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' is not a boolean");
        };
    }

    /** A non-negative decimal number without sign or exponent (ASCII digits only). */
    static long wholeNumber(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooLarge) { // the only way left for all-digit text to fail
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
    }

    /** An int for a field whose range the records check; huge values stay huge so that the check fails. */
    static int wholeInt(String text) {
        return (int) Math.min(wholeNumber(text), Integer.MAX_VALUE);
    }

    /** {@code DST=SRC}. The destination cannot contain '=': that is where the two are split. */
    static MountRequest.HostBind hostBind(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + text + "' has no '=' between the sandbox path and the host path");
        }
        return checked(new MountRequest.HostBind(text.substring(0, eq).strip(), text.substring(eq + 1).strip()));
    }

    /** {@code DST=SIZE}. */
    static MountRequest.Ram ram(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("'" + text + "' has no '=' between the sandbox path and the size");
        }
        return checked(new MountRequest.Ram(text.substring(0, eq).strip(),
                Quantities.parseSize(text.substring(eq + 1))));
    }

    /** The value of a mount's HostBind= or Ram= line. */
    static String mountValue(MountRequest mount) {
        return switch (checked(mount)) {
            case MountRequest.HostBind b -> b.target() + "=" + b.source();
            case MountRequest.Ram r -> r.target() + "=" + Quantities.formatSize(r.sizeBytes());
        };
    }

    static <M extends MountRequest> M checked(M mount) {
        path("sandbox path", mount.target());
        if (mount.target().indexOf('=') >= 0) {
            throw new IllegalArgumentException("sandbox path '" + mount.target() + "' contains '='");
        }
        switch (mount) {
            case MountRequest.HostBind b -> path("host path", b.source());
            case MountRequest.Ram r -> {
                if (r.sizeBytes() <= 0) {
                    throw new IllegalArgumentException("a RAM file system of size 0 would have no limit at all");
                }
            }
        }
        return mount;
    }

    /** An absolute path without //, . or .. components or a trailing slash, other than / itself. */
    private static void path(String role, String path) {
        lineText(path);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException(role + " '" + path + "' is not absolute");
        }
        if (path.equals("/")) {
            throw new IllegalArgumentException(role + " cannot be / itself");
        }
        if (Utf8.length(path) > MAX_PATH_BYTES) {
            throw new IllegalArgumentException(role + " is longer than " + MAX_PATH_BYTES + " bytes");
        }
        for (String component : path.substring(1).split("/", -1)) {
            if (component.isEmpty() || component.equals(".") || component.equals("..")) {
                throw new IllegalArgumentException(role + " '" + path + "' is not normalized "
                        + "(it has an empty, '.' or '..' component or a trailing /)");
            }
        }
    }
}
