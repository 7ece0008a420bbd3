package dev.cloister.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The host's package manager, asked which package owns a file and what a package ships. */
public sealed interface PackageDatabase permits DpkgDatabase, RpmDatabase, NoPackageDatabase {

    /** The (first) package owning a host-absolute path; merged-/usr aliases are tried too. */
    default Optional<String> ownerOf(Path path) {
        return Optional.ofNullable(owners(List.of(path)).get(path));
    }

    /**
     * {@link #ownerOf} for several paths at once (dpkg reads every package's file list once per
     * query, ~60 ms here); paths no package owns are absent from the map.
     */
    Map<Path, String> owners(List<Path> paths);

    /** Everything the installed package ships, host-absolute; an error if it is not installed. */
    List<Path> filesOf(String pkg);

    /** Installed packages that provide {@code virtualName} (Provides:), sorted. */
    List<String> providers(String virtualName);

    /** The source package the package was built from, when the database records one. */
    Optional<String> sourceOf(String pkg);

    /** A short name for messages ("dpkg", "rpm"). */
    String kind();

    /** dpkg when the host has a dpkg status file, else rpm when it has an rpm database, else none. */
    static PackageDatabase forHost(Path hostRoot, CommandRunner runner) {
        if (Files.isRegularFile(hostRoot.resolve("var/lib/dpkg/status"))) {
            return new DpkgDatabase(hostRoot, runner);
        }
        if (Files.isDirectory(hostRoot.resolve("var/lib/rpm"))
                || Files.isDirectory(hostRoot.resolve("usr/lib/sysimage/rpm"))) {
            return new RpmDatabase(hostRoot, runner);
        }
        return new NoPackageDatabase();
    }
}
