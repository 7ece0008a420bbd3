package dev.cloister.runtime;

import dev.cloister.net.HostTools;
import dev.cloister.net.NetworkGc;
import dev.cloister.net.NetworkStore;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.Leftover;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.Store;
import dev.cloister.tree.SafeDelete;
import dev.cloister.tree.TreeImage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code gc}: finishes whatever was left half-done, under the store's lock. Per name: the
 * leftovers of an interrupted create or clone are rolled back and an interrupted delete is
 * finished ({@link Removal}); a sandbox whose monitor was killed gets the helper's runtime
 * cleanup (cgroups, network pieces, run directory); files a killed writer left beside the
 * sandbox's own are removed. Then every network's bridge without ports goes, with its table and
 * its DHCP server. Running sandboxes, and those a start or stop is busy with, are left alone.
 */
public final class Collector {
    private final Context context;

    public Collector(Context context) {
        this.context = context;
    }

    /** What gc did (one line each) and what it could not do. */
    public record Report(List<String> done, List<String> failed) {
    }

    public Report collect() throws IOException {
        Store store = context.store();
        List<String> done = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        store.withGlobalLock(() -> {
            for (String name : store.names()) {
                try {
                    collect(store.files(name), done);
                } catch (IOException | RuntimeException e) {
                    failed.add(name + ": " + e.getMessage());
                }
            }
            NetworkStore networks = new NetworkStore(store.paths());
            failed.addAll(networks.damaged());
            failed.addAll(NetworkGc.releaseBridges(context.helper(), HostTools.probe(store.paths().runtime()),
                    networks.list()));
            for (Path p : networks.removeLeftovers()) {
                done.add("removed " + p + " (left by a killed writer)");
            }
            return null;
        });
        return new Report(done, failed);
    }

    private void collect(SandboxFiles files, List<String> done) throws IOException {
        String name = files.name();
        Optional<Leftover> leftover = context.store().leftover(name);
        if (leftover.isPresent()) {
            new Removal(context).run(files);
            done.add(name + ": " + (leftover.get().operation() == Leftover.Operation.DELETE ? "finished "
                    : "rolled back ") + leftover.get().what());
            return;
        }
        RuntimeCleanup.Result r = RuntimeCleanup.run(context.helper(), files);
        switch (r.outcome()) {
            case CLEANED -> done.add(r.message());
            case FAILED -> throw new IOException(r.message());
            case CLEAN, RUNNING, NO_PLAN -> { }
        }
        removeStrays(files, done);
    }

    /**
     * Beside a committed sandbox: the staged copies a killed writer left of its files, and
     * staging directories no create owns (the store's lock is held: none runs). Under the
     * sandbox's lock, skipped while a start or update holds it.
     */
    private void removeStrays(SandboxFiles files, List<String> done) throws IOException {
        if (!Files.isRegularFile(files.lock())) {
            return;
        }
        try (FileChannel channel = FileChannel.open(files.lock(), StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return;
            }
            for (Path target : files.lockedTargets()) {
                if (AtomicFiles.removeLeftover(target)) {
                    done.add(files.name() + ": removed " + AtomicFiles.temporary(target) + " (left by a killed writer)");
                }
            }
            for (Path staging : List.of(files.stagingTree(), files.stagingMeta())) {
                if (Files.exists(staging, LinkOption.NOFOLLOW_LINKS)) {
                    if (TreeImage.isMounted(staging) && context.helper().attached(
                            List.of("unmount", staging.toString())) != 0) {
                        throw new IOException("cannot unmount " + staging);
                    }
                    SafeDelete.deleteTree(staging);
                    done.add(files.name() + ": removed the stray " + staging);
                }
            }
        }
    }
}
