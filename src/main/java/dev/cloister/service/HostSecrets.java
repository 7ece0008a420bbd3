package dev.cloister.service;

import dev.cloister.service.SandboxSecret.Kind;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the files the host keeps private that a service sandbox would otherwise get, and decides
 * what it gets instead ({@link SandboxSecret}). General rules only, no service names:
 * <ul>
 * <li>a candidate is a regular file in a path the sandbox carries from the host (copied with -C
 *     or shared read-only without it), or a file its packages' configuration names under /etc
 *     (links followed: a service's key may link to the snakeoil key), that host users cannot read
 *     (not world-readable, or in a directory they cannot search) and that no package ships;</li>
 * <li>it is the host's secret when host root keeps it (owner root) or when it is a private key,
 *     whoever owns it. A file a service account keeps to itself (a database cluster, access rules
 *     its maintainer script wrote as that account) is that service's own state and comes along
 *     with it, as the package's own files do;</li>
 * <li>an OpenSSH or PEM private key is replaced by a new key of the same kind; the world-readable
 *     .pub of a replaced OpenSSH key, and a certificate (not shipped) whose public key is a
 *     replaced key's, are replaced by the new key's; anything else is withheld.</li>
 * </ul>
 */
final class HostSecrets {
    private static final int OTHERS_READ = 04;
    private static final int OTHERS_SEARCH = 01;
    private static final int MAX_DEPTH = 6;
    private static final int MAX_FILES = 5000;
    private static final int HEAD = 64;

    private final Path hostRoot;
    private final HostFiles files;
    private final PackageDatabase packages;
    private final CommandRunner runner;

    HostSecrets(Path hostRoot, HostFiles files, PackageDatabase packages, CommandRunner runner) {
        this.hostRoot = hostRoot;
        this.files = files;
        this.packages = packages;
        this.runner = runner;
    }

    /**
     * @param carried   the layout's shared and copied paths
     * @param named     /etc files the packages' configuration names
     * @param sharedDirs every read-only host share the sandbox has (the layout's and {@link SharedEtc}'s)
     */
    List<SandboxSecret> find(Collection<? extends Placement> carried, Collection<Path> named, Collection<Path> sharedDirs) {
        Set<Path> candidates = new LinkedHashSet<>();
        Set<Path> visible = new LinkedHashSet<>();
        for (Placement p : carried) {
            walk(p.path(), MAX_DEPTH, candidates, visible);
        }
        for (Path n : named) {
            realPath(n).ifPresent(real -> {
                visible.add(real);
                if (!worldReadable(real)) {
                    candidates.add(real);
                }
            });
        }
        Map<Path, Kind> kinds = new LinkedHashMap<>();
        for (Path c : candidates) {
            if (!worldReadable(c)) {
                Kind kind = kindOf(head(c));
                if (kind != Kind.WITHHELD || files.stat(c).map(st -> st.uid() == 0).orElse(false)) {
                    kinds.put(c, kind);
                }
            }
        }
        List<Path> privateFiles = unshipped(List.copyOf(kinds.keySet()));
        Map<Path, SandboxSecret> secrets = new LinkedHashMap<>();
        List<Path> pemKeys = new ArrayList<>();
        for (Path f : privateFiles) {
            Kind kind = kinds.get(f);
            secrets.put(f, secret(f, kind, Optional.empty(), sharedDirs));
            if (kind == Kind.SSH_KEY) {
                Path pub = f.resolveSibling(f.getFileName() + ".pub");
                if (files.stat(pub).map(st -> st.kind() == PathKind.FILE).orElse(false)) {
                    secrets.put(pub, secret(pub, Kind.SSH_PUBLIC_KEY, Optional.of(f), sharedDirs));
                }
            } else if (kind == Kind.PEM_KEY) {
                pemKeys.add(f);
            }
        }
        if (!pemKeys.isEmpty()) {
            certificatesOf(pemKeys, visible).forEach((cert, key) ->
                    secrets.putIfAbsent(cert, secret(cert, Kind.CERTIFICATE, Optional.of(key), sharedDirs)));
        }
        return List.copyOf(secrets.values());
    }

    /** A private key by its PEM or OpenSSH armour; anything else is only withheld. */
    private static Kind kindOf(String head) {
        return head.startsWith("-----BEGIN OPENSSH PRIVATE KEY-----") ? Kind.SSH_KEY
                : head.matches("(?s)-----BEGIN (RSA |EC |DSA )?PRIVATE KEY-----.*") ? Kind.PEM_KEY : Kind.WITHHELD;
    }

    private SandboxSecret secret(Path path, Kind kind, Optional<Path> of, Collection<Path> sharedDirs) {
        FileStat st = files.stat(path).orElseThrow();
        boolean shared = sharedDirs.stream().anyMatch(path::startsWith);
        return new SandboxSecret(path, kind, of, shared, st.uid(), st.gid(), st.mode());
    }

    /** Certificates among VISIBLE (world-readable, not shipped) whose public key is one of KEYS'. */
    private Map<Path, Path> certificatesOf(List<Path> keys, Set<Path> visible) {
        Map<String, Path> byPublic = new LinkedHashMap<>();
        for (Path key : keys) {
            CommandRunner.Result r = runner.run(List.of("openssl", "pkey", "-in", onHost(key).toString(), "-pubout"));
            if (r.ok()) {
                byPublic.put(r.stdout().strip(), key);
            }
        }
        List<Path> certs = visible.stream().filter(f -> worldReadable(f) && head(f).startsWith("-----BEGIN CERTIFICATE-----"))
                .toList();
        Map<Path, Path> found = new LinkedHashMap<>();
        for (Path cert : unshipped(certs)) {
            CommandRunner.Result r = runner.run(List.of("openssl", "x509", "-in", onHost(cert).toString(), "-noout",
                    "-pubkey"));
            Path key = r.ok() ? byPublic.get(r.stdout().strip()) : null;
            if (key != null) {
                found.put(cert, key);
            }
        }
        return found;
    }

    /** Those of PATHS no package ships (a package's file is the same on every host, not this host's secret). */
    private List<Path> unshipped(List<Path> paths) {
        if (paths.isEmpty()) {
            return paths;
        }
        Map<Path, String> owners = packages.owners(paths);
        return paths.stream().filter(p -> !owners.containsKey(p)).toList();
    }

    private void walk(Path path, int depth, Set<Path> candidates, Set<Path> visible) {
        Optional<FileStat> st = files.stat(path);
        if (st.isEmpty() || candidates.size() + visible.size() >= MAX_FILES) {
            return;
        }
        if (st.get().kind() == PathKind.FILE) {
            visible.add(path);
            candidates.add(path);
        } else if (st.get().kind() == PathKind.DIRECTORY && depth > 0) {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(onHost(path))) {
                s.forEach(c -> children.add(path.resolve(c.getFileName().toString())));
            } catch (IOException e) {
                return;
            }
            children.sort(null);
            children.forEach(c -> walk(c, depth - 1, candidates, visible));
        }
    }

    /** Whether host users may read PATH: others-read on it, others-search on every directory above it. */
    private boolean worldReadable(Path path) {
        Optional<FileStat> st = files.stat(path);
        if (st.isEmpty() || (st.get().mode() & OTHERS_READ) == 0) {
            return false;
        }
        for (Path dir = path.getParent(); dir != null && dir.getNameCount() > 0; dir = dir.getParent()) {
            if (files.stat(dir).map(d -> (d.mode() & OTHERS_SEARCH) == 0).orElse(true)) {
                return false;
            }
        }
        return true;
    }

    /** The host-absolute file a named path is, links followed (within the host root), if it is a regular file. */
    private Optional<Path> realPath(Path named) {
        try {
            Path real = onHost(named).toRealPath();
            if (!real.startsWith(hostRoot) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(Path.of("/").resolve(hostRoot.relativize(real)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The first bytes, read as host root: enough to tell a key or a certificate. */
    private String head(Path path) {
        try (InputStream in = Files.newInputStream(onHost(path), LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(HEAD), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "";
        }
    }

    private Path onHost(Path absolute) {
        return HostPaths.under(hostRoot, absolute);
    }
}
