package dev.cloister.store;

import dev.cloister.spec.ConfigFile;
import dev.cloister.spec.Names;
import dev.cloister.spec.SandboxConfig;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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

    /**
     * Every sandbox name that has a config, a tree or metadata, or the staging directories of a
     * create, clone or delete under way or interrupted ({@code .NAME.creating}, {@code .NAME.deleting}).
     */
    public List<String> names() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        listNames(paths.config(), "", ".conf", names);
        for (Path dir : List.of(paths.state(), paths.metaRoot())) {
            listNames(dir, "", "", names);
            listNames(dir, ".", ".creating", names);
            listNames(dir, ".", ".deleting", names);
        }
        return List.copyOf(names);
    }

    private static void listNames(Path dir, String prefix, String suffix, TreeSet<String> into) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(f -> f.startsWith(prefix) && f.endsWith(suffix) && f.length() > prefix.length() + suffix.length())
                    .map(f -> f.substring(prefix.length(), f.length() - suffix.length()))
                    .filter(Names::isValid)
                    .forEach(into::add);
        }
    }

    /**
     * What an unfinished create, clone or delete left of NAME (see {@link Leftover}), or empty
     * for a sandbox whose create was committed (its config exists) and no delete began.
     */
    public Optional<Leftover> leftover(String name) throws IOException {
        SandboxFiles f = files(name);
        boolean deleting = Files.exists(f.deletingMeta(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(f.asideTree(), LinkOption.NOFOLLOW_LINKS);
        boolean creating = Files.exists(f.stagingMeta(), LinkOption.NOFOLLOW_LINKS)
                || Files.exists(f.stagingTree(), LinkOption.NOFOLLOW_LINKS);
        boolean config = Files.exists(f.config(), LinkOption.NOFOLLOW_LINKS);
        if (!deleting && config) {
            return Optional.empty();   // committed; a stray staging directory beside it is gc's to sweep
        }
        if (!deleting && !creating && !Files.exists(f.tree(), LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(f.meta(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();   // no sandbox of that name at all
        }
        boolean inProgress = globalLockHeld();
        if (deleting) {
            return Optional.of(new Leftover(name, Leftover.Operation.DELETE, "", inProgress));
        }
        if (creating) {
            return Optional.of(CreateJournal.read(name, f.stagingMeta(), inProgress));
        }
        if (Files.exists(f.meta().resolve("journal"))) {
            // renamed into place, not yet committed by the config
            return Optional.of(CreateJournal.read(name, f.meta(), inProgress));
        }
        return Optional.of(new Leftover(name, Leftover.Operation.UNKNOWN, "", inProgress));
    }

    /**
     * Whether another process's create, clone, delete or gc holds the store-wide lock now (list
     * uses it to tell "under way"). When this process holds it, the answer is no without opening
     * the file: closing any descriptor of a file drops the process's POSIX locks on it.
     */
    private boolean globalLockHeld() throws IOException {
        Path lock = paths.metaRoot().resolve(".lock");
        if (GLOBAL_HOLDS.get() > 0 || !Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
             FileLock got = channel.tryLock()) {
            return got == null;
        }
    }

    /** How many withGlobalLock calls of this process are running (one command's thread takes it). */
    private static final java.util.concurrent.atomic.AtomicInteger GLOBAL_HOLDS = new java.util.concurrent.atomic.AtomicInteger();

    public boolean exists(String name) {
        return Files.exists(files(name).config());
    }

    /** The sandbox's config; a file that is not a valid config is a ConfigException naming FILE:LINE. */
    public SandboxConfig load(String name) throws IOException {
        SandboxFiles f = files(name);
        byte[] text;
        try {
            text = Files.readAllBytes(f.config());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NoSuchSandboxException(name, names());
        }
        return ConfigFile.parse(text, f.config().toString());
    }

    public void save(SandboxConfig config) throws IOException {
        AtomicFiles.write(files(config.name()).config(), ConfigFile.render(config), "rw-r--r--");
    }

    /**
     * What {@code list} reports. Never throws for one sandbox's damaged files: those make it
     * {@link SandboxStatus.Broken}, so that commands about other sandboxes go on.
     */
    public SandboxStatus status(String name) throws IOException {
        SandboxFiles f = files(name);
        Optional<Leftover> leftover = leftover(name);
        if (leftover.isPresent()) {
            return new SandboxStatus.Incomplete(leftover.get());
        }
        if (!Files.exists(f.config())) {
            throw new NoSuchSandboxException(name, names());
        }
        try {
            load(name);
        } catch (dev.cloister.spec.ConfigException e) {
            return new SandboxStatus.Broken(e.getMessage());
        }
        if (!Files.isDirectory(f.tree()) || !Files.exists(f.plan())) {
            return new SandboxStatus.Broken(f.config() + ":0: its " + (Files.isDirectory(f.tree()) ? "compiled plan "
                    + f.plan() : "tree " + f.tree()) + " is missing — run `cloister upgrade " + name
                    + "` to compile the plan again, or `cloister delete " + name + "`");
        }
        try {
            return runStatus(f);
        } catch (DamagedFileException e) {
            return new SandboxStatus.Broken(e.getMessage());
        }
    }

    private static SandboxStatus runStatus(SandboxFiles f) throws IOException {
        Optional<RuntimeState> state = RuntimeState.read(f.stateFile());
        if (state.isPresent()) {
            RuntimeState s = state.get();
            if (!s.monitorAlive()) {
                return new SandboxStatus.Lost(s);
            }
            return !s.hasInit() ? new SandboxStatus.Starting(s)
                    : s.initAlive() ? new SandboxStatus.Running(s) : new SandboxStatus.Stopping(s);
        }
        Optional<ExitRecord> exit = ExitRecord.read(f.exitRecord());
        return exit.isEmpty() || exit.get().kind() == ExitRecord.Kind.CREATED ? new SandboxStatus.Defined()
                : new SandboxStatus.Stopped(exit.get());
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
        return withLock(f.lock(), () -> {
            for (Path target : f.lockedTargets()) {
                AtomicFiles.removeLeftover(target);   // a killed writer's: nobody else writes it now
            }
            return work.run();
        });
    }

    /** Runs work holding the store-wide lock: creates, clones and deletes, id allocation. */
    public <T> T withGlobalLock(LockedWork<T> work) throws IOException {
        ensureLayout();
        return withLock(paths.metaRoot().resolve(".lock"), () -> {
            GLOBAL_HOLDS.incrementAndGet();
            try {
                return work.run();
            } finally {
                GLOBAL_HOLDS.decrementAndGet();
            }
        });
    }

    private static <T> T withLock(Path lockFile, LockedWork<T> work) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            return work.run();
        }
    }
}
