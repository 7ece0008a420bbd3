package dev.cloister.service;

import java.nio.file.Path;

/**
 * A path that belongs to the sandbox alone.
 *
 * @param path   absolute inside the sandbox (the same as the host counterpart's)
 * @param uid    owner, from the host counterpart or the unit (User=, tmpfiles.d)
 * @param gid    group, likewise
 * @param mode   permission bits, likewise (*DirectoryMode=, tmpfiles.d, default 0755)
 * @param reason the package file or unit directive that asked for it
 */
public record PrivatePath(Path path, PathKind kind, Origin origin, int uid, int gid, int mode, String reason)
        implements Placement {

    @Override
    public boolean coversSubtree() {
        return origin == Origin.COPY_FROM_HOST;
    }

    @Override
    public String toString() {
        return String.format("%s %s %s %d:%d %04o (%s)", path, kind, origin, uid, gid, mode, reason);
    }
}
