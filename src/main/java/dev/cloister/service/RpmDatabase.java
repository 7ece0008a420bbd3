package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** rpm (Fedora, RHEL, SUSE): {@code rpm -qf / -ql / -q --whatprovides / SOURCERPM}. */
public final class RpmDatabase implements PackageDatabase {
    private final Path hostRoot;
    private final CommandRunner runner;

    public RpmDatabase(Path hostRoot, CommandRunner runner) {
        this.hostRoot = hostRoot;
        this.runner = runner;
    }

    @Override
    public Map<Path, String> owners(List<Path> paths) {
        Map<Path, String> owners = new HashMap<>();
        paths.forEach(path -> ownerOfOne(path).ifPresent(owner -> owners.put(path, owner)));
        return owners;
    }

    private Optional<String> ownerOfOne(Path path) {
        for (Path name : MergedUsr.aliases(hostRoot, path)) {
            // "file /x is not owned by any package" comes with exit status 1.
            CommandRunner.Result result = rpm("-qf", "--qf", "%{NAME}\\n", name.toString());
            if (result.ok()) {
                Optional<String> owner = result.stdout().lines().map(String::strip).filter(l -> !l.isEmpty())
                        .findFirst();
                if (owner.isPresent()) {
                    return owner;
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Path> filesOf(String pkg) {
        CommandRunner.Result result = rpm("-ql", pkg);
        if (!result.ok()) {
            throw new IllegalArgumentException("package " + pkg + " is not installed (rpm: "
                    + (result.stdout() + result.stderr()).lines().findFirst().orElse("exit " + result.exitCode())
                    + ")");
        }
        // "(contains no files)" is the only non-path line rpm prints here.
        return result.stdout().lines().filter(l -> l.startsWith("/")).map(Path::of).toList();
    }

    @Override
    public List<String> providers(String virtualName) {
        CommandRunner.Result result = rpm("-q", "--whatprovides", "--qf", "%{NAME}\\n", virtualName);
        return result.ok() ? result.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).distinct()
                .sorted().toList() : List.of();
    }

    /** From SOURCERPM "httpd-2.4.57-5.fc39.src.rpm": the name is all but the last two dash fields. */
    @Override
    public Optional<String> sourceOf(String pkg) {
        CommandRunner.Result result = rpm("-q", "--qf", "%{SOURCERPM}\\n", pkg);
        String srpm = result.ok() ? result.stdout().strip() : "";
        if (!srpm.endsWith(".src.rpm")) {
            return Optional.empty();
        }
        String nvr = srpm.substring(0, srpm.length() - ".src.rpm".length());
        int release = nvr.lastIndexOf('-');
        int version = release > 0 ? nvr.lastIndexOf('-', release - 1) : -1;
        return version > 0 ? Optional.of(nvr.substring(0, version)) : Optional.empty();
    }

    @Override
    public String kind() {
        return "rpm";
    }

    private CommandRunner.Result rpm(String... args) {
        List<String> argv = new ArrayList<>(List.of("rpm"));
        if (!hostRoot.equals(Path.of("/"))) {
            argv.add("--root=" + hostRoot);
        }
        argv.addAll(List.of(args));
        return runner.run(argv);
    }
}
