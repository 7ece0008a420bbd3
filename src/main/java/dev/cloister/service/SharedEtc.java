package dev.cloister.service;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The /etc directories the host's package manager keeps as links into /usr
 * (update-alternatives, update-ca-certificates). They belong with the shared /usr: every
 * sandbox gets the host's read-only and live, so a host upgrade that moves an alternative or
 * renews the CA bundle reaches it at once, and create copies none of their links (about 700,
 * a third of a Debian /etc). A sandbox's tree keeps an empty directory there as the mount point.
 */
public final class SharedEtc {
    private static final List<Path> DIRS = List.of(Path.of("/etc/alternatives"), Path.of("/etc/ssl/certs"));

    private SharedEtc() {
    }

    /** Those the host has as real directories (a link, as Fedora's /etc/ssl/certs, is copied like any link). */
    public static List<Path> present(Path hostRoot) {
        return DIRS.stream().filter(d -> Files.isDirectory(HostPaths.under(hostRoot, d), LinkOption.NOFOLLOW_LINKS))
                .toList();
    }

    /** The shared directory {@code path} lies in, if any. */
    static Optional<Path> containing(List<Path> shared, Path path) {
        return shared.stream().filter(path::startsWith).findFirst();
    }
}
