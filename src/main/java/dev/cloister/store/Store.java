package dev.cloister.store;

import dev.cloister.spec.ConfigFile;
import dev.cloister.spec.Names;
import dev.cloister.spec.SandboxConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The on-disk store: configs, trees, metadata and runtime state of every sandbox, with the
 * locks that keep concurrent cloister processes (and the helper) from interleaving.
 */
public final class Store {

    /** Work that runs under a lock and may fail with an I/O error. */
    @FunctionalInterface
    public interface LockedWork<T> {
        T run() throws IOException;
    }

    private final CloisterPaths paths;

    public Store(CloisterPaths paths) {
        this.paths = paths;
    }

    public CloisterPaths paths() {
        return paths;
    }

    public SandboxFiles files(String name) {
        return SandboxFiles.of(paths, Names.requireValid(name));
    }

    /** Creates the top-level directories with their modes on first use. */
    public void ensureLayout() throws IOException {
        createDir(paths.config(), "rwxr-xr-x");
        // Files root inside makes setuid are owned by uid 0 on disk (the id-mapped mounts store
        // them so): no host user may reach the trees, or such a file would make them root.
        createDir(paths.state(), "rwx------");
        Files.setPosixFilePermissions(paths.state(), PosixFilePermissions.fromString("rwx------"));
        createDir(paths.metaRoot(), "rwx------");
        createDir(paths.runtime(), "rwx------");
    }

    private static void createDir(Path dir, String perms) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms)));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // another cloister process made it first
            }
        }
    }

    /** Every sandbox name that has a config, a tree or metadata (leftovers of a killed create show too). */
    public List<String> names() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        listNames(paths.config(), ".conf", names);
        listNames(paths.state(), "", names);
        listNames(paths.metaRoot(), "", names);
        return List.copyOf(names);
    }

    private static void listNames(Path dir, String suffix, TreeSet<String> into) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(f -> f.endsWith(suffix))
                    .map(f -> f.substring(0, f.length() - suffix.length()))
                    .filter(Names::isValid)
                    .forEach(into::add);
        }
    }

    public boolean exists(String name) {
        return Files.exists(files(name).config());
    }

    public SandboxConfig load(String name) throws IOException {
        SandboxFiles f = files(name);
        if (!Files.exists(f.config())) {
            throw new NoSuchSandboxException(name, names());
        }
        return ConfigFile.parse(Files.readString(f.config()), f.config().toString());
    }

    public void save(SandboxConfig config) throws IOException {
        AtomicFiles.write(files(config.name()).config(), ConfigFile.render(config), "rw-r--r--");
    }

    /** What {@code list} reports: running, exited, defined, lost or incomplete. */
    public SandboxStatus status(String name) throws IOException {
        SandboxFiles f = files(name);
        if (!Files.exists(f.config())) {
            return new SandboxStatus.Incomplete("no config (a create or delete was interrupted)");
        }
        if (!Files.isDirectory(f.tree()) || !Files.exists(f.plan())) {
            return new SandboxStatus.Incomplete("tree or compiled plan missing");
        }
        Optional<RuntimeState> state;
        try {
            state = RuntimeState.read(f.stateFile());
        } catch (IOException e) {
            return new SandboxStatus.Incomplete(e.getMessage());
        }
        if (state.isPresent()) {
            return state.get().monitorAlive() ? new SandboxStatus.Running(state.get())
                    : new SandboxStatus.Lost(state.get());
        }
        Optional<ExitRecord> exit = ExitRecord.read(f.exitRecord());
        return exit.<SandboxStatus>map(SandboxStatus.Stopped::new).orElseGet(SandboxStatus.Defined::new);
    }

    /**
     * Runs work holding the sandbox's own lock (the file the helper locks at start, too). The
     * work should re-check that the sandbox still exists: a delete may have won the lock first.
     */
    public <T> T withSandboxLock(String name, LockedWork<T> work) throws IOException {
        SandboxFiles f = files(name);
        if (!Files.isDirectory(f.meta())) {
            if (!exists(name)) {
                throw new NoSuchSandboxException(name, names());
            }
            throw new IOException("sandbox '" + name + "' has no metadata directory " + f.meta()
                    + ": run `cloister upgrade " + name + "` to rebuild it");
        }
        return withLock(f.lock(), work);
    }

    /** Runs work holding the store-wide lock: creates, clones and deletes, id allocation. */
    public <T> T withGlobalLock(LockedWork<T> work) throws IOException {
        ensureLayout();
        return withLock(paths.metaRoot().resolve(".lock"), work);
    }

    private static <T> T withLock(Path lockFile, LockedWork<T> work) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return work.run();
        }
    }
}
