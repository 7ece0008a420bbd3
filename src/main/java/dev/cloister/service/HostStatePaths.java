package dev.cloister.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * State that the package's maintainer scripts and tmpfiles.d entries made on the host, which no
 * file list shows: the service account's home under /var, the tmpfiles.d directories, and
 * /var/{lib,log,cache,spool}/X named after the package, its source, the unit or its user.
 */
final class HostStatePaths {
    private static final List<Path> STATE_BASES = List.of(Path.of("/var/lib"), Path.of("/var/log"),
            Path.of("/var/cache"), Path.of("/var/spool"));
    private static final List<Path> TMPFILES_DIRS = List.of(Path.of("/usr/lib/tmpfiles.d"), Path.of("/lib/tmpfiles.d"));
    // An administrator's file of the same name replaces the package's (tmpfiles.d(5)).
    private static final List<Path> TMPFILES_OVERRIDES = List.of(Path.of("/etc/tmpfiles.d"), Path.of("/run/tmpfiles.d"));

    private final Path hostRoot;
    private final HostFiles files;
    private final HostAccounts accounts;

    HostStatePaths(Path hostRoot, HostFiles files, HostAccounts accounts) {
        this.hostRoot = hostRoot;
        this.files = files;
        this.accounts = accounts;
    }

    /** The home of the unit's User= when it lies under /var: daemons keep their data there. */
    List<Claim> home(UnitFile unit) {
        return UnitDirectives.user(unit, accounts).map(HostAccounts.User::home)
                .filter(h -> h.startsWith("/var") && PathRules.isPersistent(h) && files.stat(h).isPresent())
                .map(h -> List.of(Claim.existing(h, "home of User=" + unit.value(UnitDirectives.SERVICE, "User")
                        .orElseThrow() + " (" + unit.name() + ") in /etc/passwd")))
                .orElse(List.of());
    }

    /** Directory entries of the tmpfiles.d files the package ships. */
    List<Claim> tmpfiles(String pkg, List<Path> packageFiles) {
        List<Claim> claims = new ArrayList<>();
        for (Path file : packageFiles) {
            if (file.getParent() == null || !TMPFILES_DIRS.contains(file.getParent())
                    || !file.toString().endsWith(".conf")) {
                continue;
            }
            Optional<Path> effective = TMPFILES_OVERRIDES.stream().map(d -> d.resolve(file.getFileName()))
                    .filter(p -> Files.isRegularFile(HostPaths.under(hostRoot, p))).findFirst()
                    .or(() -> Optional.of(file).filter(p -> Files.isRegularFile(HostPaths.under(hostRoot, p))));
            effective.ifPresent(conf -> {
                for (TmpfilesEntry entry : TmpfilesEntry.read(HostPaths.under(hostRoot, conf))) {
                    Optional<HostAccounts.User> user = entry.user().flatMap(accounts::user);
                    int gid = entry.group().flatMap(accounts::gid).orElse(user.map(HostAccounts.User::gid).orElse(0));
                    claims.add(new Claim(PathRules.canonical(entry.path()), "tmpfiles.d line '" + entry.line()
                            + "' in " + conf + " (package " + pkg + ")", user.map(HostAccounts.User::uid).orElse(0),
                            gid, entry.mode().orElse(Claim.DEFAULT_MODE), true));
                }
            });
        }
        return claims;
    }

    /**
     * Existing /var/{lib,log,cache,spool}/X for each name, mapped to what it is ("package
     * apache2"); maintainer scripts create these without listing them in the package.
     */
    List<Claim> namedAfter(Map<String, String> names) {
        List<Claim> claims = new ArrayList<>();
        for (Path base : STATE_BASES) {
            for (Map.Entry<String, String> name : names.entrySet()) {
                Path path = base.resolve(name.getKey());
                if (path.getParent().equals(base) && files.stat(path).isPresent()) {
                    claims.add(Claim.existing(path, "exists on the host, named after " + name.getValue()
                            + " (made by its maintainer scripts)"));
                }
            }
        }
        return claims;
    }
}
