package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parsers for dpkg-query's -S and -L output, including diversions and multi-arch names. */
final class DpkgOutput {
    private static final String OWNER_SEPARATOR = ": /";

    private DpkgOutput() {
    }

    /**
     * Owners of {@code path} from {@code dpkg-query -S}: lines "pkg1, pkg2:amd64: /path"; the
     * "diversion by pkg from:/to:" and "local diversion" lines name no owner and are skipped.
     */
    static List<String> owners(String output, Path path) {
        for (String line : output.lines().toList()) {
            if (line.startsWith("diversion by ") || line.startsWith("local diversion")) {
                continue;
            }
            int separator = line.indexOf(OWNER_SEPARATOR);
            if (separator > 0 && Path.of(line.substring(separator + 2)).equals(path)) {
                return Arrays.stream(line.substring(0, separator).split(",")).map(String::strip)
                        .map(DpkgOutput::withoutArchitecture).toList();
            }
        }
        return List.of();
    }

    /**
     * Files from {@code dpkg-query -L}: "/." is the root, "diverted by X to: /p" means the line
     * before now lives at /p, "package diverts others to: /p" concerns other packages' files.
     */
    static List<Path> files(String output) {
        List<Path> files = new ArrayList<>();
        for (String line : output.lines().toList()) {
            if (line.startsWith("diverted by ") && !files.isEmpty()) {
                files.set(files.size() - 1, Path.of(line.substring(line.indexOf(": ") + 2)));
            } else if (line.startsWith("/") && !line.equals("/.")) {
                files.add(Path.of(line));
            }
        }
        return List.copyOf(files);
    }

    /** "libc6:amd64" → "libc6": services are single-architecture, and file names use the plain name. */
    static String withoutArchitecture(String pkg) {
        int colon = pkg.indexOf(':');
        return colon < 0 ? pkg : pkg.substring(0, colon);
    }
}
