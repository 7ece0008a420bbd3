package dev.cloister.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Without -C a state directory is created empty. That is right for a service that fills its
 * state itself (a web server's logs, a cache), and wrong for one whose state the package's
 * maintainer scripts initialised on the host, as the service's account, at install time: a
 * database cluster (pg_createcluster), a server's system tables (mysql_install_db). The service
 * cannot start on an empty directory, and nothing in the sandbox would initialise it.
 *
 * <p>The general sign of such state: a directory under /var/lib (state proper, not logs, caches
 * or spools, which a service recreates) holding, within two levels, an entry that no involved
 * package ships and that a service account (not root) owns. Such a directory is copied from the
 * host even without -C, so that the sandbox starts from the same initialised state the host
 * has, and a note says so. Configuration stays shared read-only; use -C to edit it.
 */
final class InitializedState {
    private static final Path STATE = Path.of("/var/lib");
    private static final int DEPTH = 2;
    private static final int MAX_ENTRIES = 4096;

    private final Path hostRoot;
    private final HostFiles files;
    private final Set<Path> shipped;
    private final Map<Path, String> noteFor = new HashMap<>();
    private final Map<Path, Optional<Path>> signs = new HashMap<>();

    InitializedState(Path hostRoot, HostFiles files, Set<Path> shipped) {
        this.hostRoot = hostRoot;
        this.files = files;
        this.shipped = shipped;
    }

    Placement adjust(Placement placement) {
        if (!(placement instanceof PrivatePath p) || p.origin() != Origin.CREATE_EMPTY || p.kind() != PathKind.DIRECTORY
                || !p.path().startsWith(STATE) || p.path().equals(STATE)
                || files.stat(p.path()).map(s -> s.kind() != PathKind.DIRECTORY).orElse(true)) {
            return placement;
        }
        Optional<Path> made = signs.computeIfAbsent(p.path(), d -> serviceMade(d, DEPTH, new int[] {0}));
        if (made.isEmpty()) {
            return placement;
        }
        Path sign = made.get();
        int uid = files.stat(sign).map(FileStat::uid).orElse(-1);
        noteFor.putIfAbsent(p.path(), p.path() + " is copied from the host although -C was not given: the package "
                + "initialised it there (" + sign + ", owned by uid " + uid + ", is not shipped by the package) and "
                + "the service cannot start on an empty directory");
        return new PrivatePath(p.path(), p.kind(), Origin.COPY_FROM_HOST, p.uid(), p.gid(), p.mode(), p.reason()
                + "; copied without -C: the package initialised state here on the host (" + sign + ")");
    }

    /** Notes for the copies that the plan kept (a copy inside another copy is carried by it). */
    List<String> notes(List<PrivatePath> kept) {
        return kept.stream().map(p -> noteFor.get(p.path())).filter(Objects::nonNull).toList();
    }

    private Optional<Path> serviceMade(Path dir, int depth, int[] seen) {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(HostPaths.under(hostRoot, dir))) {
            for (Path child : stream) {
                if (++seen[0] > MAX_ENTRIES) {
                    break;
                }
                children.add(dir.resolve(child.getFileName().toString()));
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        children.sort(null);
        for (Path child : children) {
            Optional<FileStat> stat = files.stat(child);
            if (stat.isEmpty()) {
                continue;
            }
            if (stat.get().uid() != 0 && !shipped.contains(child)) {
                return Optional.of(child);
            }
            if (depth > 1 && stat.get().kind() == PathKind.DIRECTORY) {
                Optional<Path> below = serviceMade(child, depth - 1, seen);
                if (below.isPresent()) {
                    return below;
                }
            }
        }
        return Optional.empty();
    }
}
