package dev.cloister.service;

import java.nio.file.Path;

/** Maps host-absolute paths ("/etc/apache2") onto the host root being read ("/" or a test's fake). */
final class HostPaths {
    private HostPaths() {
    }

    static Path under(Path hostRoot, Path absolute) {
        return hostRoot.resolve(Path.of("/").relativize(absolute.normalize()));
    }

    static Path under(Path hostRoot, String absolute) {
        return under(hostRoot, Path.of(absolute));
    }
}
