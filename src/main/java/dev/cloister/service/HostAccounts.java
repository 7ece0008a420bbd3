package dev.cloister.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host's /etc/passwd and /etc/group, read as files (not NSS) so a fake root works; the
 * sandbox sees the same accounts, so User=/Group= names map to the same numbers.
 */
public final class HostAccounts {
    /** A passwd entry. */
    public record User(String name, int uid, int gid, Path home) {
    }

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Integer> groups = new HashMap<>();

    public static HostAccounts read(Path hostRoot) {
        HostAccounts accounts = new HostAccounts();
        for (String[] f : fields(hostRoot.resolve("etc/passwd"), 7)) {
            User user = new User(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Path.of(f[5]));
            accounts.users.putIfAbsent(f[0], user);
            accounts.users.putIfAbsent(f[2], user);
        }
        for (String[] f : fields(hostRoot.resolve("etc/group"), 3)) {
            accounts.groups.putIfAbsent(f[0], Integer.parseInt(f[2]));
            accounts.groups.putIfAbsent(f[2], Integer.parseInt(f[2]));
        }
        return accounts;
    }

    /** A user by name or number. */
    public Optional<User> user(String nameOrUid) {
        return Optional.ofNullable(users.get(nameOrUid));
    }

    /** A group's gid by name or number. */
    public Optional<Integer> gid(String nameOrGid) {
        return Optional.ofNullable(groups.get(nameOrGid));
    }

    private static List<String[]> fields(Path file, int count) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(":", -1)).filter(f -> f.length >= count && f[2].matches("\\d+")
                            && (count < 7 || f[3].matches("\\d+")))
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
