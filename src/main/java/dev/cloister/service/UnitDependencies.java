package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Services a requested unit pulls in (Requires=, Wants=, BindsTo=, Requisite=) that are not the
 * host's infrastructure. They are not enabled in the sandbox (only what was asked for runs
 * there); the administrator is told, so that they can add them with -u. Infrastructure is what
 * the boot itself starts: static units (no [Install] section, such as journald or D-Bus) and
 * the units of the init system's own package.
 */
final class UnitDependencies {
    private static final String[] DEPENDENCY_KEYS = {"Requires", "Wants", "BindsTo", "Requisite"};
    /** The init system's binary: its package's units are infrastructure. */
    static final List<Path> INIT = List.of(Path.of("/usr/lib/systemd/systemd"), Path.of("/lib/systemd/systemd"));

    private final UnitLocator locator;
    private final PackageDatabase packages;
    private final Optional<String> initPackage;

    UnitDependencies(UnitLocator locator, PackageDatabase packages, Optional<String> initPackage) {
        this.locator = locator;
        this.packages = packages;
        this.initPackage = initPackage;
    }

    /** The package owning {@link #INIT}, from owners asked for it among others. */
    static Optional<String> initPackage(Map<Path, String> owners) {
        return INIT.stream().map(owners::get).filter(Objects::nonNull).findFirst();
    }

    List<String> notes(List<UnitFile> units, Set<String> requested, SandboxFacts facts) {
        List<String> notes = new ArrayList<>();
        for (UnitFile unit : units) {
            for (String key : DEPENDENCY_KEYS) {
                for (String word : unit.words("Unit", key)) {
                    String dependency = unit.tryResolve(word).orElse(word);
                    if (!dependency.endsWith(".service") || requested.contains(dependency)) {
                        continue;
                    }
                    String what = unit.name() + " " + key + "=" + dependency;
                    try {
                        UnitFile loaded = locator.load(dependency, facts);
                        boolean infrastructure = !loaded.hasSection("Install") || (initPackage.isPresent()
                                && packages.ownerOf(loaded.path()).equals(initPackage));
                        if (!infrastructure && !requested.contains(loaded.name().fullName())) {
                            notes.add(what + ": the host has it, but only requested units run in the sandbox; "
                                    + "add -u " + loaded.name() + " to run it there");
                        }
                    } catch (UnitLookupException e) {
                        notes.add(what + ": " + e.getMessage());
                    }
                }
            }
        }
        return notes;
    }
}
