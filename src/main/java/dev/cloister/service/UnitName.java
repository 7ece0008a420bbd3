package dev.cloister.service;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A systemd unit name split into prefix, optional instance and type: {@code foo@bar.service} is
 * ("foo", "bar", "service"); a template {@code foo@.service} has an empty instance.
 */
public record UnitName(String prefix, Optional<String> instance, String type) {
    private static final Set<String> TYPES = Set.of("service", "socket", "target", "timer", "path", "mount",
            "automount", "swap", "slice", "scope", "device");
    // The characters systemd allows in unit names; anything else (notably '/') could escape a unit directory.
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9:_.\\\\@-]+");

    /** {@code apache2} → {@code apache2.service}: a name without a unit type suffix is a service. */
    public static String normalize(String requested) {
        int dot = requested.lastIndexOf('.');
        String name = dot > 0 && TYPES.contains(requested.substring(dot + 1)) ? requested : requested + ".service";
        if (!VALID.matcher(name).matches() || name.startsWith("@") || name.chars().filter(c -> c == '@').count() > 1) {
            throw new IllegalArgumentException("'" + requested + "' is not a valid unit name");
        }
        return name;
    }

    public static UnitName parse(String requested) {
        String name = normalize(requested);
        int dot = name.lastIndexOf('.');
        String stem = name.substring(0, dot);
        String type = name.substring(dot + 1);
        int at = stem.indexOf('@');
        return at < 0 ? new UnitName(stem, Optional.empty(), type)
                : new UnitName(stem.substring(0, at), Optional.of(stem.substring(at + 1)), type);
    }

    public boolean isTemplate() {
        return instance.filter(String::isEmpty).isPresent();
    }

    public UnitName withInstance(String escapedInstance) {
        return new UnitName(prefix, Optional.of(escapedInstance), type);
    }

    public UnitName template() {
        return withInstance("");
    }

    /** The name without the type suffix ({@code %N}). */
    public String stem() {
        return instance.map(i -> prefix + "@" + i).orElse(prefix);
    }

    public String fullName() {
        return stem() + "." + type;
    }

    @Override
    public String toString() {
        return fullName();
    }

    /** {@code systemd-escape}: '/' becomes '-', other unsafe bytes (including '-') become \xNN. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == ':' || b == '_' || (b == '.' && i > 0);
            if (b == '/') {
                out.append('-');
            } else if (plain) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        return out.toString();
    }

    /** The inverse of {@link #escape}: '-' becomes '/', \xNN becomes the byte. */
    public static String unescape(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-') {
                out.write('/');
            } else if (c == '\\' && i + 3 < text.length() && text.charAt(i + 1) == 'x') {
                out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
                i += 3;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
