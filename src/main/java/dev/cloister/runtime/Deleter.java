package dev.cloister.runtime;

import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;
import dev.cloister.store.Store;
import dev.cloister.tree.SafeDelete;
import dev.cloister.tree.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * {@code delete}: removes everything create made. The config goes first (the sandbox stops
 * existing at once); the tree is renamed aside and then deleted without following anything
 * the sandbox planted in it. A delete killed half-way leaves leftovers that {@code list}
 * reports as incomplete and the next delete removes.
 */
public final class Deleter {
    private final Context context;

    public Deleter(Context context) {
        this.context = context;
    }

    public void delete(String name, boolean force) throws IOException {
        Store store = context.store();
        SandboxFiles files = store.files(name);
        if (!store.names().contains(name)) {
            throw new dev.cloister.store.NoSuchSandboxException(name, store.names()); // and create nothing
        }
        store.withGlobalLock(() -> {
            if (!store.names().contains(name)) {
                throw new dev.cloister.store.NoSuchSandboxException(name, store.names());
            }
            SandboxStatus status = store.status(name);
            if (status instanceof SandboxStatus.Running) {
                if (!force) {
                    throw new IllegalStateException("sandbox '" + name + "' is running: stop it first with "
                            + "`cloister stop " + name + "`, or delete with --force");
                }
                new Stopper(context).stop(name, Duration.ofSeconds(10));
            } else if (status instanceof SandboxStatus.Lost) {
                new Stopper(context).stop(name, Duration.ZERO);
            }
            HostUnits.remove(store, name);
            new SandboxNetworks(store).release(name);
            JournalLink.remove(store, files.tree());
            Files.deleteIfExists(files.config());
            if (TreeImage.isMounted(files.tree())
                    && HelperRun.run(context.helper(), java.util.List.of("unmount", files.tree().toString())) != 0) {
                throw new IOException("cannot unmount the tree image of '" + name + "': see above");
            }
            removeAside(files.tree());
            SafeDelete.deleteTree(files.meta());
            SafeDelete.deleteTree(files.runDir());
            return null;
        });
    }

    /** Renames a directory to a dot name first, so a half-deleted tree is never taken for a sandbox. */
    private static void removeAside(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path aside = dir.resolveSibling("." + dir.getFileName() + ".deleting");
        SafeDelete.deleteTree(aside);
        Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        SafeDelete.deleteTree(aside);
    }
}
