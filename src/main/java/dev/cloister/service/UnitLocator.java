package dev.cloister.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds unit files the way the system manager does: the lookup directories in priority order,
 * aliases and masks (symlinks), template instances, and drop-ins from every directory.
 */
public final class UnitLocator {
    /** The system manager's unit directories, highest priority first. */
    public static final List<String> SEARCH_PATH = List.of("/etc/systemd/system", "/run/systemd/system",
            "/usr/lib/systemd/system", "/lib/systemd/system");
    private static final Path DEV_NULL = Path.of("/dev/null");
    private static final int MAX_LINKS = 32;

    private final Path hostRoot;
    private final UnitSuggestions suggestions;

    public UnitLocator(Path hostRoot, PackageDatabase packages) {
        this.hostRoot = hostRoot;
        this.suggestions = new UnitSuggestions(this, packages);
    }

    /**
     * Loads {@code requested} for the sandbox described by {@code facts}; a template is
     * instantiated with the sandbox's (escaped) name.
     */
    public UnitFile load(String requested, SandboxFacts facts) {
        UnitName asked = UnitName.parse(requested);
        UnitName wanted = asked.isTemplate() ? asked.withInstance(UnitName.escape(facts.name())) : asked;
        Path found = find(wanted.fullName())
                .or(() -> wanted.instance().isPresent() ? find(wanted.template().fullName()) : Optional.empty())
                .orElseThrow(() -> notFound(wanted.fullName()));
        Path file = followLinks(wanted.fullName(), found);
        UnitName canonical = canonicalName(wanted, file);
        Specifiers specifiers = new Specifiers(canonical, facts);
        List<UnitEntry> entries = new ArrayList<>(UnitFileParser.parse(read(file), file));
        List<Path> dropIns = dropIns(canonical, wanted);
        for (Path dropIn : dropIns) {
            entries.addAll(UnitFileParser.parse(read(dropIn), dropIn));
        }
        return new UnitFile(canonical, file, dropIns, entries, specifiers);
    }

    /** Whether a unit of this exact name (or its template) exists, masked or not. */
    public boolean exists(String unitName) {
        UnitName name = UnitName.parse(unitName);
        return find(name.fullName()).isPresent()
                || (name.instance().isPresent() && find(name.template().fullName()).isPresent());
    }

    /** The lookup directories that exist, host-absolute; /lib/systemd/system is dropped on merged-usr hosts. */
    public List<Path> searchDirs() {
        List<Path> dirs = new ArrayList<>();
        for (String dir : SEARCH_PATH) {
            Path real = HostPaths.under(hostRoot, dir);
            if (Files.isDirectory(real) && dirs.stream().noneMatch(d -> sameFile(HostPaths.under(hostRoot, d), real))) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }

    /** Every unit file name in the lookup directories, for suggestions. */
    Set<String> allUnitNames() {
        Set<String> names = new LinkedHashSet<>();
        for (Path dir : searchDirs()) {
            try (Stream<Path> files = Files.list(HostPaths.under(hostRoot, dir))) {
                files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".") && !n.endsWith(".d")
                        && !n.endsWith(".wants") && !n.endsWith(".requires")).sorted().forEach(names::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private UnitNotFoundException notFound(String unit) {
        return new UnitNotFoundException(unit, SEARCH_PATH, suggestions.near(unit));
    }

    private Optional<Path> find(String fileName) {
        return searchDirs().stream().map(dir -> dir.resolve(fileName))
                .filter(p -> Files.exists(HostPaths.under(hostRoot, p), LinkOption.NOFOLLOW_LINKS))
                .findFirst();
    }

    /** Follows alias links inside the host root; a link to /dev/null or an empty file is a mask. */
    private Path followLinks(String unit, Path file) {
        Path current = file;
        for (int i = 0; i < MAX_LINKS && Files.isSymbolicLink(HostPaths.under(hostRoot, current)); i++) {
            Path target = readLink(HostPaths.under(hostRoot, current));
            if (target.equals(DEV_NULL)) {
                throw new UnitMaskedException(unit, current);
            }
            current = target.isAbsolute() ? target.normalize() : current.resolveSibling(target).normalize();
        }
        Path real = HostPaths.under(hostRoot, current);
        if (!Files.isRegularFile(real)) {
            throw notFound(unit);
        }
        if (size(real) == 0) {
            throw new UnitMaskedException(unit, current);
        }
        return current;
    }

    /** An alias resolves to its target's name; an instance keeps its instance across a template alias. */
    private static UnitName canonicalName(UnitName wanted, Path file) {
        UnitName target = UnitName.parse(file.getFileName().toString());
        if (target.isTemplate() && wanted.instance().filter(i -> !i.isEmpty()).isPresent()) {
            return target.withInstance(wanted.instance().orElseThrow());
        }
        return target.fullName().equals(wanted.fullName()) ? wanted : target;
    }

    /**
     * Drop-ins from NAME.d, an alias's .d, the template's .d, each dash-prefix's .d ("foo-.service.d")
     * and the type's .d ("service.d"), in every lookup directory. For one file name, the
     * highest-priority directory wins (/etc over /run over /usr/lib); all are applied sorted by name.
     */
    private List<Path> dropIns(UnitName canonical, UnitName wanted) {
        Set<String> dirNames = new LinkedHashSet<>();
        dirNames.add(canonical.fullName() + ".d");
        dirNames.add(wanted.fullName() + ".d");
        if (canonical.instance().isPresent()) {
            dirNames.add(canonical.template().fullName() + ".d");
        }
        String prefix = canonical.prefix();
        for (int dash = prefix.lastIndexOf('-'); dash > 0; dash = prefix.lastIndexOf('-', dash - 1)) {
            dirNames.add(prefix.substring(0, dash + 1) + "." + canonical.type() + ".d");
        }
        dirNames.add(canonical.type() + ".d");
        Map<String, Path> byFileName = new TreeMap<>();
        for (Path dir : searchDirs()) {
            for (String dirName : dirNames) {
                for (Path conf : confFiles(dir.resolve(dirName))) {
                    byFileName.putIfAbsent(conf.getFileName().toString(), conf);
                }
            }
        }
        // A drop-in linked to /dev/null masks the lower-priority ones of the same name.
        return byFileName.values().stream().filter(p -> linkTarget(p).filter(DEV_NULL::equals).isEmpty()).toList();
    }

    private List<Path> confFiles(Path dir) {
        Path real = HostPaths.under(hostRoot, dir);
        if (!Files.isDirectory(real)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(real)) {
            return files.map(p -> dir.resolve(p.getFileName().toString()))
                    .filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<Path> linkTarget(Path file) {
        Path real = HostPaths.under(hostRoot, file);
        return Files.isSymbolicLink(real) ? Optional.of(readLink(real)) : Optional.empty();
    }

    private String read(Path file) {
        try {
            return Files.readString(HostPaths.under(hostRoot, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read unit file " + file, e);
        }
    }

    private static Path readLink(Path link) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }
}
