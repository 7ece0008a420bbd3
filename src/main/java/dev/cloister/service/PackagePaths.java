package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A package's paths under /etc and /var that exist on the host, grouped by the package's own
 * entry below a shared directory (/etc/apache2, /var/log/apache2). The entries below a root
 * follow it, so that without -C the package's directory skeleton can be created and its
 * files shared; a copy of the root makes them redundant and they are dropped.
 */
final class PackagePaths {
    private PackagePaths() {
    }

    static List<Claim> claims(String pkg, List<Path> packageFiles, HostFiles files) {
        Set<Path> listed = Set.copyOf(packageFiles);
        Map<Path, Claim> roots = new LinkedHashMap<>();
        List<Claim> below = new ArrayList<>();
        for (Path file : packageFiles.stream().map(PathRules::canonical).sorted().toList()) {
            if (!PathRules.isPersistent(file) || PathRules.isHostMaintenance(file) || files.stat(file).isEmpty()) {
                continue;
            }
            PathRules.packageRoot(file).ifPresent(root -> {
                roots.computeIfAbsent(root, r -> Claim.existing(r, listed.contains(r) ? "package " + pkg + " ships " + r
                        : "package " + pkg + " ships files under " + r));
                if (!file.equals(root)) {
                    below.add(Claim.existing(file, "package " + pkg + " ships " + file));
                }
            });
        }
        List<Claim> claims = new ArrayList<>(roots.values());
        claims.addAll(below);
        return claims;
    }
}
