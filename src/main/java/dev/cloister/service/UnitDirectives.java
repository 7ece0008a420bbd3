package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Paths a unit declares: its *Directory= settings, ReadWritePaths=, PIDFile= and WorkingDirectory=. */
final class UnitDirectives {
    static final String SERVICE = "Service";
    static final String[] READ_WRITE = {"ReadWritePaths", "ReadWriteDirectories"};

    private record DirectoryKind(String key, Path base) {
    }

    private static final List<DirectoryKind> DIRECTORIES = List.of(
            new DirectoryKind("RuntimeDirectory", Path.of("/run")),
            new DirectoryKind("StateDirectory", Path.of("/var/lib")),
            new DirectoryKind("CacheDirectory", Path.of("/var/cache")),
            new DirectoryKind("LogsDirectory", Path.of("/var/log")),
            new DirectoryKind("ConfigurationDirectory", Path.of("/etc")));

    private final UnitFile unit;
    private final HostAccounts accounts;
    private final HostFiles files;
    private final List<String> notes;

    UnitDirectives(UnitFile unit, HostAccounts accounts, HostFiles files, List<String> notes) {
        this.unit = unit;
        this.accounts = accounts;
        this.files = files;
        this.notes = notes;
    }

    /** The unit's User= as a host account, if it names one. */
    static Optional<HostAccounts.User> user(UnitFile unit, HostAccounts accounts) {
        return unit.value(SERVICE, "User").flatMap(accounts::user);
    }

    /**
     * Directories systemd creates for the unit, owned by User=/Group= (except configuration,
     * which systemd leaves to root) with the *DirectoryMode= mode.
     */
    List<Claim> declaredDirectories() {
        Optional<HostAccounts.User> user = user(unit, accounts);
        int uid = user.map(HostAccounts.User::uid).orElse(0);
        int gid = unit.value(SERVICE, "Group").flatMap(accounts::gid)
                .orElse(user.map(HostAccounts.User::gid).orElse(0));
        unit.value(SERVICE, "User").filter(u -> user.isEmpty()).ifPresent(u -> notes.add("User=" + u + " in "
                + unit.name() + " is not in the host's /etc/passwd (DynamicUser?); its directories are planned "
                + "as root's and systemd will chown them at start"));
        List<Claim> claims = new ArrayList<>();
        for (DirectoryKind kind : DIRECTORIES) {
            int mode = unit.value(SERVICE, kind.key() + "Mode").map(m -> Integer.parseInt(m, 8))
                    .orElse(Claim.DEFAULT_MODE);
            boolean rootOwned = kind.key().equals("ConfigurationDirectory");
            for (String word : unit.words(SERVICE, kind.key())) {
                // "name:symlink" (systemd 254) also creates a link; the directory is the first part.
                resolved(kind.key(), word).map(w -> kind.base().resolve(w.split(":", 2)[0]).normalize())
                        .ifPresent(path -> claims.add(new Claim(path, kind.key() + "=" + word + " in " + unit.name(),
                                rootOwned ? 0 : uid, rootOwned ? 0 : gid, mode, !rootOwned)));
            }
        }
        return claims;
    }

    /** Existing host paths the unit names: ReadWritePaths= entries, the PIDFile= directory, WorkingDirectory=. */
    List<Claim> namedPaths() {
        List<Claim> claims = new ArrayList<>();
        for (String word : unit.words(SERVICE, READ_WRITE)) {
            resolved("ReadWritePaths", stripPrefixes(word)).map(Path::of).ifPresent(path -> named(claims, path,
                    "ReadWritePaths=" + word, word.startsWith("-")));
        }
        unit.value(SERVICE, "PIDFile").ifPresent(pid -> resolved("PIDFile", pid).map(Path::of)
                .map(Path::getParent).ifPresent(dir -> named(claims, dir, "PIDFile=" + pid, true)));
        unit.value(SERVICE, "WorkingDirectory").ifPresent(dir -> {
            String path = stripPrefixes(dir);
            Optional<String> absolute = path.equals("~") ? user(unit, accounts).map(u -> u.home().toString())
                    : resolved("WorkingDirectory", path);
            absolute.filter(p -> p.startsWith("/")).map(Path::of)
                    .ifPresent(p -> named(claims, p, "WorkingDirectory=" + dir, dir.startsWith("-")));
        });
        return claims;
    }

    private void named(List<Claim> claims, Path raw, String directive, boolean optional) {
        Path path = PathRules.canonical(raw);
        String reason = directive + " in " + unit.name();
        if (PathRules.isRuntimeDirectory(path) || files.stat(path).isPresent()) {
            claims.add(new Claim(path, reason, 0, 0, Claim.DEFAULT_MODE, true));
        } else if (!optional && PathRules.isPersistent(path)) {
            notes.add(reason + ": " + path + " does not exist on the host, and systemd will refuse to start "
                    + "the unit until it exists in the sandbox");
        }
    }

    private Optional<String> resolved(String key, String value) {
        try {
            return Optional.of(unit.resolve(value));
        } catch (Specifiers.UnresolvableException e) {
            notes.add(key + "= in " + unit.name() + " was not planned: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** "-" (ignore if missing) and "+" (relative to RootDirectory=) prefixes of path settings. */
    private static String stripPrefixes(String word) {
        return word.replaceFirst("^[-+]+", "");
    }
}
