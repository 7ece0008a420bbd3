package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Debian's dpkg: {@code dpkg-query -S/-L/-W} for files and sources, the status file for Provides:. */
public final class DpkgDatabase implements PackageDatabase {
    private final Path hostRoot;
    private final CommandRunner runner;

    public DpkgDatabase(Path hostRoot, CommandRunner runner) {
        this.hostRoot = hostRoot;
        this.runner = runner;
    }

    @Override
    public Map<Path, String> owners(List<Path> paths) {
        Map<Path, List<Path>> aliases = new LinkedHashMap<>();
        paths.forEach(path -> aliases.put(path, MergedUsr.aliases(hostRoot, path)));
        List<String> args = new ArrayList<>(List.of("-S"));
        aliases.values().stream().flatMap(List::stream).distinct().map(p -> globEscaped(p.toString())).forEach(args::add);
        CommandRunner.Result result = query(args.toArray(String[]::new));
        Map<Path, String> owners = new HashMap<>();
        // Exit status 1: some pattern matched nothing; the others are still answered.
        if (result.ok() || result.exitCode() == 1) {
            aliases.forEach((path, names) -> names.stream()
                    .flatMap(name -> DpkgOutput.owners(result.stdout(), name).stream()).findFirst()
                    .ifPresent(owner -> owners.put(path, owner)));
        }
        return owners;
    }

    @Override
    public List<Path> filesOf(String pkg) {
        CommandRunner.Result result = query("-L", pkg);
        if (!result.ok()) {
            throw new IllegalArgumentException("package " + pkg + " is not installed (dpkg-query: "
                    + result.stderr().lines().findFirst().orElse("exit " + result.exitCode()) + ")");
        }
        return DpkgOutput.files(result.stdout());
    }

    @Override
    public List<String> providers(String virtualName) {
        return DpkgStatus.read(hostRoot.resolve("var/lib/dpkg/status")).stream()
                .filter(p -> p.installed() && p.provides().contains(virtualName))
                .map(DpkgStatus.Stanza::name).sorted().toList();
    }

    @Override
    public Optional<String> sourceOf(String pkg) {
        CommandRunner.Result result = query("-W", "--showformat=${source:Package}", pkg);
        return result.ok() ? Optional.of(result.stdout().strip()).filter(s -> !s.isEmpty()) : Optional.empty();
    }

    @Override
    public String kind() {
        return "dpkg";
    }

    private CommandRunner.Result query(String... args) {
        // A fake or foreign root is read through its own database.
        Stream<String> admin = hostRoot.equals(Path.of("/")) ? Stream.empty()
                : Stream.of("--admindir=" + hostRoot.resolve("var/lib/dpkg"));
        List<String> argv = new ArrayList<>(List.of("dpkg-query"));
        argv.addAll(admin.toList());
        argv.addAll(List.of(args));
        return runner.run(argv);
    }

    /** dpkg-query -S takes glob patterns; a path is looked up literally. */
    private static String globEscaped(String path) {
        return path.replaceAll("([*?\\[\\\\])", "\\\\$1");
    }
}
