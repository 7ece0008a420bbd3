package dev.cloister.runtime;

import dev.cloister.security.UidRanges;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.Store;
import dev.cloister.tree.SafeDelete;
import dev.cloister.tree.TreeImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes every file a sandbox has on the host, in one order of steps that may each run again:
 * what delete runs after its commit, and what gc or a retried create runs on what an
 * interrupted create, clone or delete left (a failed create or clone undoes itself: {@link
 * Rollback}). The delete's journal ({@code .meta/.NAME.deleting}) goes last, so a removal
 * killed half-way is found and finished.
 * The sandbox must not run: the helper's runtime cleanup (native/cleanup.c) comes first.
 */
final class Removal {
    @FunctionalInterface
    private interface Action {
        void run(SandboxFiles files) throws IOException;
    }

    private record Step(String what, Action action) {
    }

    private final Context context;
    private final List<Step> steps;

    Removal(Context context) {
        this.context = context;
        Store store = context.store();
        this.steps = List.of(
                new Step("config", f -> {
                    Files.deleteIfExists(f.config());
                    AtomicFiles.removeLeftover(f.config());
                }),
                new Step("host unit", f -> HostUnits.remove(store, f.name())),
                new Step("address leases", f -> new SandboxNetworks(store).release(f.name())),
                new Step("journal link", f -> JournalLink.remove(store, f.tree())),
                new Step("tree image mounts", f -> {
                    unmount(f.tree());
                    unmount(f.stagingTree());
                }),
                new Step("tree", f -> {
                    removeAside(f.tree(), f.asideTree());
                    SafeDelete.deleteTree(f.stagingTree());
                }),
                new Step("run directory", f -> SafeDelete.deleteTree(f.runDir())),
                new Step("metadata", f -> {
                    SafeDelete.deleteTree(f.meta());
                    SafeDelete.deleteTree(f.stagingMeta());
                }),
                new Step("uid range", f -> context.uidRanges().releaseAll(new UidRanges.Holder(store.paths().root(),
                        f.name()))),
                new Step("delete journal", f -> SafeDelete.deleteTree(f.deletingMeta())));
    }

    /** Runs every step; the first failure stops the removal (what follows may depend on it) and says which. */
    void run(SandboxFiles files) throws IOException {
        for (Step step : steps) {
            try {
                step.action().run(files);
            } catch (IOException | RuntimeException e) {
                throw new IOException("removing the " + step.what() + " of '" + files.name() + "' failed: "
                        + e.getMessage() + " (fix that, then `cloister delete " + files.name() + "` or `cloister gc` "
                        + "finishes the removal)", e);
            }
        }
        List<Path> left = remains(files);
        if (!left.isEmpty()) {
            throw new IOException("'" + files.name() + "' was not removed completely: " + left + " remain");
        }
    }

    /** What of the sandbox is still on disk (the check before saying it is gone). */
    static List<Path> remains(SandboxFiles f) {
        List<Path> left = new ArrayList<>();
        Path enabled = f.hostUnit().resolveSibling("multi-user.target.wants").resolve(f.hostUnit().getFileName());
        for (Path p : List.of(f.config(), AtomicFiles.temporary(f.config()), f.hostUnit(), enabled, f.tree(),
                f.stagingTree(), f.asideTree(), f.runDir(), f.meta(), f.stagingMeta(), f.deletingMeta())) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                left.add(p);
            }
        }
        return left;
    }

    /** The helper unmounts a tree image (and its autoclear loop device goes with the mount). */
    private void unmount(Path dir) throws IOException {
        if (TreeImage.isMounted(dir) && context.helper().attached(List.of("unmount", dir.toString())) != 0) {
            throw new IOException("cannot unmount the tree image on " + dir + " (the helper said why above)");
        }
    }

    /** Renames a tree to its dot name first, so a half-deleted tree is never taken for a sandbox. */
    static void removeAside(Path tree, Path aside) throws IOException {
        SafeDelete.deleteTree(aside);
        if (Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(tree, aside, StandardCopyOption.ATOMIC_MOVE);
            SafeDelete.deleteTree(aside);
        }
    }
}
