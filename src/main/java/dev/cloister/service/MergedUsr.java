package dev.cloister.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * On a merged-/usr host /lib is a link to /usr/lib, so a file has two names, and package
 * databases record only the one the package was built with (Debian 12's dpkg knows
 * /lib/systemd/system/apache2.service, not /usr/lib/...). Lookups try both.
 */
final class MergedUsr {
    private static final List<String> MERGED = List.of("bin", "sbin", "lib", "lib32", "lib64", "libx32");

    private MergedUsr() {
    }

    /** The path itself, then its other name when the host's top-level directory is a link into /usr. */
    static List<Path> aliases(Path hostRoot, Path path) {
        List<Path> names = new ArrayList<>(List.of(path));
        if (path.getNameCount() < 2) {
            return names;
        }
        boolean inUsr = path.getName(0).toString().equals("usr");
        String top = (inUsr ? path.getName(1) : path.getName(0)).toString();
        if (MERGED.contains(top) && Files.isSymbolicLink(hostRoot.resolve(top))) {
            names.add(inUsr ? Path.of("/").resolve(path.subpath(1, path.getNameCount()))
                    : Path.of("/usr").resolve(path.subpath(0, path.getNameCount())));
        }
        return names;
    }
}
