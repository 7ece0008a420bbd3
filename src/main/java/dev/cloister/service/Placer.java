package dev.cloister.service;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Places one claimed path. Configuration (/etc) is copied with -C and shared read-only without
 * it; state is copied with -C and created empty with the host's owner and mode without it; a
 * state FILE without -C is created empty only when the service writes it, and otherwise shared
 * (never a zero-byte placeholder standing in for content). /run paths are made at boot.
 */
final class Placer {
    private final HostFiles files;
    private final boolean copy;

    Placer(HostFiles files, boolean copy) {
        this.files = files;
        this.copy = copy;
    }

    Optional<Placement> place(Claim claim) {
        Path path = PathRules.canonical(claim.path());
        if (PathRules.isRuntimeDirectory(path)) {
            return Optional.of(new PrivatePath(path, PathKind.DIRECTORY, Origin.CREATE_AT_BOOT, claim.uid(),
                    claim.gid(), claim.mode(), claim.reason()));
        }
        if (!PathRules.isPersistent(path) || PathRules.isHostMaintenance(path)) {
            return Optional.empty();
        }
        Optional<FileStat> host = files.stat(path);
        if (host.isEmpty()) {
            return Optional.of(new PrivatePath(path, PathKind.DIRECTORY, Origin.CREATE_EMPTY, claim.uid(),
                    claim.gid(), claim.mode(), claim.reason()));
        }
        FileStat stat = host.orElseThrow();
        if (PathRules.isPam(path) || (PathRules.isConfiguration(path) && !copy)) {
            return Optional.of(new SharedPath(path, claim.reason()));
        }
        boolean copied = copy || stat.kind() == PathKind.SYMLINK;
        if (!copied && stat.kind() == PathKind.FILE && !claim.writable()) {
            return Optional.of(new SharedPath(path, claim.reason()));
        }
        return Optional.of(new PrivatePath(path, stat.kind(), copied ? Origin.COPY_FROM_HOST : Origin.CREATE_EMPTY,
                stat.uid(), stat.gid(), stat.mode(), claim.reason()));
    }
}
