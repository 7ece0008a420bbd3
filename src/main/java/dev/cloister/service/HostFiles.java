package dev.cloister.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Owners and modes of host files. An interface so planner tests can give a fake root the owners
 * (www-data, adm) that an unprivileged test cannot chown to.
 */
@FunctionalInterface
public interface HostFiles {
    int S_IFMT = 0170000;
    int S_IFDIR = 0040000;
    int S_IFREG = 0100000;
    int S_IFLNK = 0120000;

    /** The host-absolute path's status without following a final link; empty if absent or special. */
    Optional<FileStat> stat(Path absolute);

    static HostFiles of(Path hostRoot) {
        return absolute -> {
            try {
                Map<String, Object> attributes = Files.readAttributes(HostPaths.under(hostRoot, absolute),
                        "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) attributes.get("mode");
                PathKind kind = switch (mode & S_IFMT) {
                    case S_IFDIR -> PathKind.DIRECTORY;
                    case S_IFREG -> PathKind.FILE;
                    case S_IFLNK -> PathKind.SYMLINK;
                    default -> null;
                };
                return Optional.ofNullable(kind).map(k -> new FileStat(k, (Integer) attributes.get("uid"),
                        (Integer) attributes.get("gid"), mode & 07777));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
