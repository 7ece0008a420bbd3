package dev.cloister.plan;

import dev.cloister.service.SharedEtc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the host lays out its top-level program directories: merged-usr symlinks
 * ({@code /bin -> usr/bin}) or real directories, which the sandbox copies; and which
 * {@link SharedEtc} directories it has, which every sandbox shares read-only like /usr.
 */
public record HostLayout(List<TopLevel> entries, List<Path> sharedEtc) {

    /** A top-level directory next to /usr: a symlink (with its target) or a real directory. */
    public record TopLevel(String path, String symlinkTarget) {
        public boolean isSymlink() {
            return symlinkTarget != null;
        }
    }

    private static final List<String> PROGRAM_DIRS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    public HostLayout {
        entries = List.copyOf(entries);
        sharedEtc = List.copyOf(sharedEtc);
    }

    /** A host without shared /etc directories. */
    public HostLayout(List<TopLevel> entries) {
        this(entries, List.of());
    }

    public static HostLayout probe(Path hostRoot) {
        List<TopLevel> found = new ArrayList<>();
        for (String dir : PROGRAM_DIRS) {
            Path p = hostRoot.resolve(dir.substring(1));
            try {
                if (Files.isSymbolicLink(p)) {
                    found.add(new TopLevel(dir, Files.readSymbolicLink(p).toString()));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(new TopLevel(dir, null));
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the host's " + dir + ": " + e.getMessage(), e);
            }
        }
        return new HostLayout(found, SharedEtc.present(hostRoot));
    }
}
