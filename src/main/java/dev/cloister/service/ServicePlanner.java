package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns "-u UNIT... [-P PKG...] [-C] NAME" into a {@link ServiceLayout} from the host's unit files,
 * package database and file system. Rules apply in order of how directly they speak for the
 * service, and the first rule to claim a path gives its reason:
 * <ol>
 * <li>directories the unit declares (StateDirectory=, LogsDirectory=, CacheDirectory=,
 *     ConfigurationDirectory=, RuntimeDirectory=);</li>
 * <li>the owning packages' (and -P packages') paths under /etc and /var that exist on the host;</li>
 * <li>the directories of those packages' tmpfiles.d entries;</li>
 * <li>paths the unit names (ReadWritePaths=, the PIDFile= directory, WorkingDirectory=);</li>
 * <li>the home of User= when it lies under /var;</li>
 * <li>/var/{lib,log,cache,spool}/X left by maintainer scripts, for X the package, its source
 *     package, the unit's name and its user;</li>
 * <li>existing directories under /var or /srv that the packages' own configuration files name
 *     (a document root, a data directory: {@link ConfigNamedPaths}).</li>
 * </ol>
 * Without -C, a /var/lib directory that the package initialised on the host as a service
 * account (a database cluster) is copied rather than created empty ({@link InitializedState}).
 * Files the host keeps private (host keys, TLS keys a maintainer script generated) are never
 * copied or shared: the sandbox gets its own ({@link HostSecrets}).
 */
public final class ServicePlanner {
    /** The journal is the one piece of infrastructure every sandbox enables (logs reach the host through it). */
    public static final String JOURNALD = "systemd-journald.service";
    private static final List<String> ASSERTIONS = List.of("AssertPathExists", "ConditionPathExists",
            "AssertPathIsDirectory", "ConditionPathIsDirectory");

    private final Path hostRoot;
    private final PackageDatabase packages;
    private final HostFiles files;
    private final UnitLocator locator;
    private final CommandRunner runner;

    public ServicePlanner(Path hostRoot, PackageDatabase packages, HostFiles files) {
        this(hostRoot, packages, files, CommandRunner.system());
    }

    /** @param runner runs openssl to tell which certificates belong to a host key ({@link HostSecrets}) */
    public ServicePlanner(Path hostRoot, PackageDatabase packages, HostFiles files, CommandRunner runner) {
        this.hostRoot = hostRoot;
        this.packages = packages;
        this.files = files;
        this.runner = runner;
        this.locator = new UnitLocator(hostRoot, packages);
    }

    /** The planner for a real host ("/" in production). */
    public static ServicePlanner forHost(Path hostRoot, CommandRunner runner) {
        return new ServicePlanner(hostRoot, PackageDatabase.forHost(hostRoot, runner), HostFiles.of(hostRoot), runner);
    }

    public ServiceLayout plan(ServiceRequest request) {
        SandboxFacts facts = SandboxFacts.of(request.sandbox(), hostRoot);
        HostAccounts accounts = HostAccounts.read(hostRoot);
        List<String> notes = new ArrayList<>();
        Map<String, UnitFile> loaded = new LinkedHashMap<>();
        request.units().stream().map(u -> locator.load(u, facts)).forEach(u -> loaded.putIfAbsent(u.name().fullName(), u));
        List<UnitFile> units = List.copyOf(loaded.values());

        List<Path> ownersAsked = new ArrayList<>(units.stream().map(UnitFile::path).toList());
        ownersAsked.addAll(UnitDependencies.INIT);
        Map<Path, String> owners = packages.owners(ownersAsked);
        Map<String, List<Path>> packageFiles = new LinkedHashMap<>();
        for (UnitFile unit : units) {
            Optional<String> owner = Optional.ofNullable(owners.get(unit.path()));
            owner.ifPresentOrElse(p -> packageFiles.computeIfAbsent(p, packages::filesOf),
                    () -> notes.add("no package in the " + packages.kind() + " database owns " + unit.path()
                            + "; only the directives of " + unit.name() + " are used (add -P PACKAGE for its files)"));
        }
        request.extraPackages().forEach(p -> packageFiles.computeIfAbsent(p, packages::filesOf));

        HostStatePaths hostState = new HostStatePaths(hostRoot, files, accounts);
        List<Claim> claims = new ArrayList<>();
        List<UnitDirectives> directives = units.stream()
                .map(u -> new UnitDirectives(u, accounts, files, notes)).toList();
        directives.forEach(d -> claims.addAll(d.declaredDirectories()));
        packageFiles.forEach((pkg, list) -> claims.addAll(PackagePaths.claims(pkg, list, files)));
        packageFiles.forEach((pkg, list) -> claims.addAll(hostState.tmpfiles(pkg, list)));
        directives.forEach(d -> claims.addAll(d.namedPaths()));
        units.forEach(u -> claims.addAll(hostState.home(u)));
        claims.addAll(hostState.namedAfter(stateNames(units, packageFiles.keySet(), accounts)));
        ConfigNamedPaths configNamed = new ConfigNamedPaths(hostRoot, files);
        packageFiles.forEach((pkg, list) -> claims.addAll(configNamed.claims(pkg, list)));

        Placer placer = new Placer(files, request.copy());
        Set<Path> shipped = new HashSet<>();
        packageFiles.values().forEach(list -> list.forEach(f -> shipped.add(PathRules.canonical(f))));
        InitializedState initialized = new InitializedState(hostRoot, files, shipped);
        LayoutPaths layout = new LayoutPaths();
        notes.addAll(withoutSharedEtc(claims));
        claims.forEach(c -> placer.place(c).map(initialized::adjust).ifPresent(layout::add));
        List<PrivatePath> privatePaths = layout.privatePaths();
        List<SharedPath> sharedPaths = layout.sharedPaths();
        notes.addAll(initialized.notes(privatePaths));
        List<Placement> carried = new ArrayList<>(sharedPaths);
        privatePaths.stream().filter(p -> p.origin() == Origin.COPY_FROM_HOST).forEach(carried::add);
        List<Path> named = new ArrayList<>();
        packageFiles.values().forEach(list -> named.addAll(configNamed.namedEtcFiles(list)));
        List<Path> sharedDirs = new ArrayList<>(sharedPaths.stream().map(SharedPath::path).toList());
        sharedDirs.addAll(SharedEtc.present(hostRoot));
        List<SandboxSecret> secrets = new HostSecrets(hostRoot, files, packages, runner).find(carried, named, sharedDirs);
        secrets.forEach(s -> notes.add(s.note()));

        Set<String> requested = new LinkedHashSet<>();
        units.forEach(u -> requested.add(u.name().fullName()));
        notes.addAll(new UnitDependencies(locator, packages, UnitDependencies.initPackage(owners))
                .notes(units, requested, facts));
        units.forEach(u -> notes.addAll(missingPaths(u, privatePaths)));
        List<DropIn> dropIns = ReadOnlyDropIns.dropIns(units, sharedPaths, notes);

        List<String> enabled = new ArrayList<>(requested);
        if (locator.exists(JOURNALD)) {
            enabled.add(JOURNALD);
        } else {
            notes.add("the host has no " + JOURNALD + "; the sandbox's logs will not reach the host's journal");
        }
        return new ServiceLayout(request.sandbox(), request.copy(), privatePaths, sharedPaths, secrets, enabled, dropIns,
                units, notes);
    }

    /** Drops claims inside the {@link SharedEtc} directories (every sandbox has the host's, read-only); notes which. */
    private List<String> withoutSharedEtc(List<Claim> claims) {
        List<Path> shared = SharedEtc.present(hostRoot);
        Map<Path, Set<Path>> dropped = new TreeMap<>();
        claims.removeIf(c -> SharedEtc.containing(shared, c.path())
                .map(dir -> dropped.computeIfAbsent(dir, d -> new TreeSet<>()).add(c.path())).isPresent());
        return dropped.entrySet().stream().map(e -> e.getKey() + " is shared read-only from the host in every sandbox "
                + "(it follows /usr), so " + e.getValue().stream().map(Path::toString).collect(Collectors.joining(", "))
                + " stay the host's").toList();
    }

    /** The names maintainer scripts use for state directories: package, source, unit, user. */
    private Map<String, String> stateNames(List<UnitFile> units, Set<String> pkgs, HostAccounts accounts) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String pkg : pkgs) {
            names.putIfAbsent(pkg, "package " + pkg);
            packages.sourceOf(pkg).ifPresent(s -> names.putIfAbsent(s, "source package " + s + " of " + pkg));
        }
        for (UnitFile unit : units) {
            names.putIfAbsent(UnitName.unescape(unit.name().prefix()), "unit " + unit.name());
            UnitDirectives.user(unit, accounts).ifPresent(u -> names.putIfAbsent(u.name(), "User=" + u.name()
                    + " of " + unit.name()));
        }
        return names;
    }

    /**
     * Assert/ConditionPath*= paths that the sandbox will not have: missing on the host, or below a
     * directory that is created empty without -C.
     */
    private List<String> missingPaths(UnitFile unit, List<PrivatePath> privatePaths) {
        List<String> notes = new ArrayList<>();
        for (String key : ASSERTIONS) {
            for (String value : unit.values("Unit", key)) {
                String raw = value.replaceFirst("^\\|", "");
                if (raw.startsWith("!")) {
                    continue;
                }
                String what = key + "=" + value + " in " + unit.name();
                Optional<Path> resolved = unit.tryResolve(raw).map(Path::of);
                if (resolved.isEmpty()) {
                    continue;
                }
                Path path = resolved.orElseThrow();
                Optional<PrivatePath> emptyParent = privatePaths.stream().filter(p -> p.origin() == Origin.CREATE_EMPTY
                        && !p.path().equals(path) && path.startsWith(p.path())).findFirst();
                if (files.stat(path).isEmpty()) {
                    notes.add(what + ": " + path + " does not exist on the host; the unit will not start in the "
                            + "sandbox until it exists there");
                } else if (emptyParent.isPresent()) {
                    notes.add(what + ": " + emptyParent.get().path() + " is created empty without -C, so the unit "
                            + "will not start until " + path + " exists there (or use -C)");
                }
            }
        }
        return notes;
    }
}
