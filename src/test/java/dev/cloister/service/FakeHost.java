package dev.cloister.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host root in a temporary directory, with the owners an unprivileged test cannot chown to
 * recorded beside it, and dpkg-query answers from fixtures.
 */
final class FakeHost {
    final Path root;
    private final Map<Path, FileStat> stats = new HashMap<>();
    private final Map<List<String>, CommandRunner.Result> answers = new HashMap<>();

    FakeHost(Path root) {
        this.root = root;
        mkdir("/usr/lib");
        symlink("/lib", "usr/lib");
    }

    FakeHost mkdir(String path) {
        try {
            Files.createDirectories(HostPaths.under(root, path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeHost write(String path, String content) {
        try {
            Path file = HostPaths.under(root, path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    FakeHost symlink(String path, String target) {
        try {
            Path link = HostPaths.under(root, path);
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the owner and mode the real host has (the fake's files are the test user's). */
    FakeHost owner(String path, int uid, int gid, int mode) {
        PathKind kind = Files.isDirectory(HostPaths.under(root, path)) ? PathKind.DIRECTORY : PathKind.FILE;
        stats.put(Path.of(path), new FileStat(kind, uid, gid, mode));
        return this;
    }

    /** The host's answer to a command, matched on the argv after the program and any --admindir=. */
    FakeHost answer(String stdout, String... args) {
        answers.put(List.of(args), new CommandRunner.Result(0, stdout, ""));
        return this;
    }

    HostFiles files() {
        HostFiles real = HostFiles.of(root);
        return path -> stats.containsKey(path) && real.stat(path).isPresent() ? Optional.of(stats.get(path))
                : real.stat(path);
    }

    CommandRunner runner() {
        return argv -> {
            List<String> args = argv.subList(1, argv.size()).stream().filter(a -> !a.startsWith("--admindir=")
                    && !a.startsWith("--root=")).toList();
            if (args.size() > 2 && args.getFirst().equals("-S")) {
                return searchEach(args.subList(1, args.size()));
            }
            return answers.getOrDefault(args, notFound(args.getLast()));
        };
    }

    /** dpkg-query -S with several patterns: each one's answer, exit status 1 if any matched nothing. */
    private CommandRunner.Result searchEach(List<String> patterns) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String pattern : patterns) {
            CommandRunner.Result one = answers.getOrDefault(List.of("-S", pattern), notFound(pattern));
            out.append(one.stdout());
            err.append(one.stderr());
        }
        return new CommandRunner.Result(err.isEmpty() ? 0 : 1, out.toString(), err.toString());
    }

    private static CommandRunner.Result notFound(String pattern) {
        return new CommandRunner.Result(1, "", "dpkg-query: no path found matching pattern " + pattern + "\n");
    }

    DpkgDatabase dpkg() {
        return new DpkgDatabase(root, runner());
    }

    static String fixture(String name) {
        try (InputStream in = FakeHost.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
