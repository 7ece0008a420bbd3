package dev.cloister.runtime;

import dev.cloister.store.Leftover;
import dev.cloister.store.NoSuchSandboxException;
import dev.cloister.store.RuntimeState;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code delete}: removes everything create made, under the global lock, in this order:
 * <ol>
 * <li>a name with neither a sandbox nor a leftover is refused (and nothing is created);</li>
 * <li>what an unfinished create, clone or delete left of that name skips the commit: straight to the removal;</li>
 * <li>the commit: a running sandbox is refused unless {@code --force}, which stops it; then the helper's runtime
 * cleanup (what a killed monitor left: network, machine, cgroups, run-dir); a sandbox started again meanwhile is
 * stopped again, up to 3 times; then, under the sandbox's lock, its metadata is renamed to
 * {@code .meta/.NAME.deleting}, the delete's journal (no start can begin after that);</li>
 * <li>{@link Removal} removes the files in its own order, the journal last, so a delete killed after the commit is
 * finished by the next delete, gc or create of that name.</li>
 * </ol>
 */
public final class Deleter {
    private static final int ATTEMPTS = 3;
    private final Context context;

    public Deleter(Context context) {
        this.context = context;
    }

    /** Deletes the sandbox, or removes what an unfinished operation left of it (returned then). */
    public Optional<Leftover> delete(String name, boolean force) throws IOException {
        Store store = context.store();
        SandboxFiles files = store.files(name);
        if (!store.names().contains(name)) {
            throw new NoSuchSandboxException(name, store.names()); // and create nothing
        }
        return store.withGlobalLock(() -> {
            if (!store.names().contains(name)) {
                throw new NoSuchSandboxException(name, store.names());
            }
            Optional<Leftover> leftover = store.leftover(name);
            if (leftover.isEmpty()) {
                commit(files, force);
            }
            new Removal(context).run(files);
            return leftover;
        });
    }

    /** Stops the sandbox and cleans up after it, then renames its metadata aside while nothing runs. */
    private void commit(SandboxFiles files, boolean force) throws IOException {
        Store store = context.store();
        String name = files.name();
        if (!force && runningNow(files)) {
            throw new IllegalStateException("sandbox '" + name + "' is " + store.status(name).word() + ": stop it "
                    + "first with `cloister stop " + name + "`, or delete with --force");
        }
        if (!Files.isDirectory(files.meta())) {
            Files.createDirectories(files.deletingMeta());   // a sandbox without metadata never ran
            return;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (runningNow(files) && new Stopper(context).stop(name, Optional.empty()) != 0) {
                throw new IOException("cannot delete '" + name + "': it did not stop (the helper said why above)");
            }
            RuntimeCleanup.Result r = RuntimeCleanup.run(context.helper(), files);
            if (r.outcome() == RuntimeCleanup.Outcome.FAILED) {
                throw new IOException("cannot delete '" + name + "': " + r.message());
            }
            if (r.outcome() == RuntimeCleanup.Outcome.RUNNING) {
                continue;   // started again meanwhile: stop it again
            }
            boolean committed = store.withSandboxLock(name, () -> {
                if (runningNow(files)) {
                    return false;
                }
                Files.move(files.meta(), files.deletingMeta(), StandardCopyOption.ATOMIC_MOVE);
                return true;
            });
            if (committed) {
                return;
            }
        }
        throw new IllegalStateException("sandbox '" + name + "' was started again " + ATTEMPTS + " times while it "
                + "was being deleted: stop whatever starts it (`systemctl disable " + name + "_sandbox.service`?) and "
                + "delete it again");
    }

    private static boolean runningNow(SandboxFiles files) throws IOException {
        Optional<RuntimeState> state = RuntimeState.read(files.stateFile());
        return state.isPresent() && state.get().monitorAlive();
    }
}
