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
    /** An absolute path under /etc inside a configuration line. */
    private static final Pattern ETC_PATH = Pattern.compile("(?<![\\w.@+-])(/etc(?:/[\\w.@+-]+)+)");
    private static final long MAX_FILE = 256 * 1024;
    private static final int OTHERS_READ = 04;
    private static final int MAX_DEPTH = 4;
    private static final int MAX_FILES = 2000;

    private final Path hostRoot;
    private final HostFiles files;

    ConfigNamedPaths(Path hostRoot, HostFiles files) {
        this.hostRoot = hostRoot;
        this.files = files;
    }

    List<Claim> claims(String pkg, List<Path> packageFiles) {
        Map<Path, Claim> claims = new LinkedHashMap<>();
        for (Path file : configFiles(packageFiles)) {
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

    /**
     * The files under /etc that the package's configuration names and that exist on the host
     * (a TLS key in /etc/ssl/private that the package's certificate links to): {@link HostSecrets}
     * decides whether one is the host's secret, and what the sandbox gets instead.
     */
    List<Path> namedEtcFiles(List<Path> packageFiles) {
        java.util.Set<Path> named = new java.util.LinkedHashSet<>();
        for (Path file : configFiles(packageFiles)) {
            for (String line : read(file)) {
                String stripped = line.strip();
                if (stripped.startsWith("#") || stripped.startsWith(";")) {
                    continue;
                }
                Matcher m = ETC_PATH.matcher(stripped);
                while (m.find()) {
                    Path path = Path.of(m.group(1)).normalize();
                    if (!PathRules.isHostMaintenance(path) && Files.exists(HostPaths.under(hostRoot, path))) {
                        named.add(path);
                    }
                }
            }
        }
        return List.copyOf(named);
    }

    /**
     * The package's configuration as the service reads it: the regular files it ships under /etc
     * and those below its own /etc directories (maintainer scripts install many from /usr/share,
     * and the administrator adds more), without following links, skipping files that are not
     * world-readable (secrets stay unread, as they stay on the host).
     */
    private List<Path> configFiles(List<Path> packageFiles) {
        java.util.Set<Path> found = new java.util.LinkedHashSet<>();
        java.util.Set<Path> roots = new java.util.LinkedHashSet<>();
        for (Path file : packageFiles.stream().sorted().toList()) {
            if (PathRules.isConfiguration(file) && !PathRules.isHostMaintenance(file)) {
                found.add(file);
                PathRules.packageRoot(file).ifPresent(roots::add);
            }
        }
        for (Path root : roots) {
            walk(root, MAX_DEPTH, found);
        }
        return found.stream().filter(f -> files.stat(f).map(st -> st.kind() == PathKind.FILE
                && (st.mode() & OTHERS_READ) != 0).orElse(false)).limit(MAX_FILES).toList();
    }

    private void walk(Path dir, int depth, java.util.Set<Path> found) {
        if (depth == 0 || found.size() >= MAX_FILES
                || files.stat(dir).map(st -> st.kind() != PathKind.DIRECTORY).orElse(true)) {
            return;
        }
        List<Path> children = new ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> stream = Files.newDirectoryStream(HostPaths.under(hostRoot, dir))) {
            stream.forEach(c -> children.add(dir.resolve(c.getFileName().toString())));
        } catch (IOException e) {
            return;
        }
        children.sort(null);
        for (Path child : children) {
            found.add(child);
            walk(child, depth - 1, found);
        }
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
