package dev.cloister.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * State directories that a package's own configuration names. A service reads where it keeps
 * its data from its configuration, and the directory often comes from nowhere the package
 * database shows: another package ships it, or a maintainer script made it (nginx's default
 * site serves "root /var/www/html", which apache2 ships or nginx's postinst makes). If the
 * configuration names a path under /var or /srv that exists on the host, the service expects
 * it; a named directory is claimed, and a named file claims the directory holding it.
 *
 * <p>Only the package's own regular files under /etc are read, comment lines (# or ;) skipped;
 * shared hierarchy directories (/var/lib, /var/mail, …), volatile and host-maintenance paths are
 * never claimed, and a path that does not exist on the host is taken for an example, not a need.
 */
final class ConfigNamedPaths {
    /** An absolute path under /var or /srv inside a configuration line, up to a quote, space, ';' or '%'. */
    private static final Pattern PATH = Pattern.compile("(?<![\\w.@+-])(/(?:var|srv)(?:/[\\w.@+-]+)+)");
    private static final long MAX_FILE = 256 * 1024;

    private final Path hostRoot;
    private final HostFiles files;

    ConfigNamedPaths(Path hostRoot, HostFiles files) {
        this.hostRoot = hostRoot;
        this.files = files;
    }

    List<Claim> claims(String pkg, List<Path> packageFiles) {
        Map<Path, Claim> claims = new LinkedHashMap<>();
        for (Path file : packageFiles) {
            if (!PathRules.isConfiguration(file) || PathRules.isHostMaintenance(file)
                    || files.stat(file).map(s -> s.kind() != PathKind.FILE).orElse(true)) {
                continue;
            }
            List<String> lines = read(file);
            for (String line : lines) {
                String stripped = line.strip();
                if (stripped.startsWith("#") || stripped.startsWith(";")) {
                    continue;
                }
                Matcher m = PATH.matcher(stripped);
                while (m.find()) {
                    named(Path.of(m.group(1)).normalize()).ifPresent(dir -> claims.putIfAbsent(dir,
                            Claim.existing(dir, "named in " + file + " (configuration of package " + pkg + "): '"
                                    + abbreviate(stripped) + "'")));
                }
            }
        }
        return new ArrayList<>(claims.values());
    }

    /** The directory a named path stands for, if it is a package's state and exists on the host. */
    private Optional<Path> named(Path raw) {
        Path path = PathRules.canonical(raw);
        Optional<FileStat> stat = files.stat(path);
        if (stat.isEmpty()) {
            return Optional.empty();
        }
        Path dir = stat.get().kind() == PathKind.DIRECTORY ? path : path.getParent();
        if (dir == null || !PathRules.isPersistent(dir) || PathRules.isHostMaintenance(dir)
                || PathRules.packageRoot(dir).isEmpty() || files.stat(dir).map(s -> s.kind() != PathKind.DIRECTORY)
                        .orElse(true)) {
            return Optional.empty();
        }
        return Optional.of(dir);
    }

    private List<String> read(Path file) {
        Path onHost = HostPaths.under(hostRoot, file);
        try {
            if (Files.size(onHost) > MAX_FILE || !Files.isRegularFile(onHost, LinkOption.NOFOLLOW_LINKS)) {
                return List.of();
            }
            try (InputStream in = Files.newInputStream(onHost, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) MAX_FILE);
                for (byte b : bytes) {
                    if (b == 0) {
                        return List.of(); // binary, not configuration text
                    }
                }
                return new String(bytes, StandardCharsets.ISO_8859_1).lines().toList();
            }
        } catch (IOException e) {
            // Not world-readable configuration stays unread, as it stays on the host.
            return List.of();
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
