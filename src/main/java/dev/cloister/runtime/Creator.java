package dev.cloister.runtime;

import dev.cloister.os.KernelRandom;
import dev.cloister.security.IdentityAllocator;
import dev.cloister.service.ServiceLayout;
import dev.cloister.service.UnitName;
import dev.cloister.security.IdentityAllocator.Identity;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.Store;
import dev.cloister.tree.HostCopy;
import dev.cloister.tree.NetworkdConfig;
import dev.cloister.plan.SandboxPlan;
import dev.cloister.tree.SafeDelete;
import dev.cloister.tree.TreeLabel;
import dev.cloister.tree.TreeImage;
import dev.cloister.tree.ServiceTree;
import dev.cloister.tree.TreeSeeder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * {@code create}: all or nothing. The tree and metadata are built under temporary names,
 * renamed into place, and the config is written last: a sandbox exists once its config does.
 * A create killed half-way leaves only dot-named staging directories, which the next create
 * of that name removes.
 */
public final class Creator {
    private final Context context;

    public Creator(Context context) {
        this.context = context;
    }

    /** A created sandbox, with what the service planner wants the administrator to know. */
    public record Created(SandboxConfig config, List<String> notes) {
    }

    public Created create(CreateRequest request) throws IOException {
        Store store = context.store();
        return store.withGlobalLock(() -> {
            SandboxFiles files = store.files(request.name());
            refuseExisting(files);
            Identity identity = new IdentityAllocator(KernelRandom.seeded())
                    .allocate(request.level(), identitiesInUse(store));
            SandboxConfig config = new SandboxConfig(request.name(), request.command(),
                    request.units().stream().map(UnitName::normalize).toList(),
                    request.packages(), request.copy(), identity.level(), request.selinuxLabel(),
                    identity.uidBase(), withDefaults(request.limits()), request.mounts(), request.networks(),
                    request.publish());
            SandboxNetworks networks = new SandboxNetworks(store);
            networks.allocate(config.name(), config.networks(), store.names());
            List<String> notes = new ArrayList<>();
            try {
                materialize(config, files, notes);
            } catch (IOException | RuntimeException e) {
                networks.release(config.name());
                throw e;
            }
            return new Created(config, notes);
        });
    }

    private void materialize(SandboxConfig config, SandboxFiles files, List<String> notes) throws IOException {
        install(config, files, stagingTree -> {
            HostCopy copier = new HostCopy(context.helper());
            Optional<ServiceLayout> service = config.isService()
                    ? new PlanCompiler(context).plan(config).service() : Optional.empty();
            // What the service's layout copies whole is left empty by the seed: copied once, not twice.
            TreeSeeder.seed(copier, context.hostRoot(), stagingTree, config.name(),
                    service.map(ServiceTree::copiedWhole).orElse(Set.of()));
            if (service.isPresent()) {
                notes.addAll(service.get().notes());
                ServiceTree.materialize(service.get(), copier, context.hostRoot(), stagingTree);
                NetworkdConfig.write(stagingTree, config.networks());
            }
        });
    }

    /** Fills a staging tree; create seeds it from the host, clone copies another sandbox's. */
    @FunctionalInterface
    interface TreeBuilder {
        void build(Path stagingTree) throws IOException;
    }

    /**
     * Builds the tree under a staging name while the plan is compiled into the staging metadata
     * (the plan depends on the config and the final paths, not on the tree; the tree's copy
     * runs in the helper, so the two overlap), moves tree and metadata into place, links the
     * journal, writes the host unit, and commits by writing the config. On any failure
     * everything made so far is removed again.
     */
    void install(SandboxConfig config, SandboxFiles files, TreeBuilder builder) throws IOException {
        Path stagingTree = staging(files.tree());
        Path stagingMeta = staging(files.meta());
        boolean image = config.limits().storageBytes().isPresent();
        Path stagingImage = stagingMeta.resolve(files.treeImage().getFileName());
        try {
            Files.createDirectories(stagingMeta);
            Files.createFile(stagingMeta.resolve(files.lock().getFileName()));
            if (image) {
                TreeImage.create(stagingImage, config.limits().storageBytes().getAsLong());
                Files.createDirectories(stagingTree);
                helper("mount-image", stagingImage.toString(), stagingTree.toString());
            }
            FutureTask<SandboxPlan> compiling = new FutureTask<>(
                    () -> new PlanCompiler(context).compileInto(config, files, stagingMeta));
            Thread.ofPlatform().name("plan-compiler").start(compiling);
            try {
                builder.build(stagingTree);
            } catch (IOException | RuntimeException e) {
                try {
                    finish(compiling); // it writes into stagingMeta, which the failure removes
                } catch (IOException | RuntimeException alsoFailed) {
                    e.addSuppressed(alsoFailed);
                }
                throw e;
            }
            SandboxPlan plan = finish(compiling);
            if (image) {
                helper("unmount", stagingTree.toString());
            }
            Files.move(stagingTree, files.tree(), StandardCopyOption.ATOMIC_MOVE);
            Files.move(stagingMeta, files.meta(), StandardCopyOption.ATOMIC_MOVE);
            if (image) {
                helper("mount-image", files.treeImage().toString(), files.tree().toString());
            }
            if (plan.selinux().isPresent()) {
                TreeLabel.apply(files.tree(), plan.selinux().get().fileLabel());
            }
            if (config.isService()) {
                JournalLink.create(context.store(), files.tree(), JournalLink.machineId(files.tree()));
            }
            HostUnits.write(context.store(), config);
            context.store().save(config);
            // The config is written last (the commit point); the plan must not look older than it.
            PlanCompiler.markFresh(files);
        } catch (IOException | RuntimeException e) {
            if (image) {
                helper("unmount", stagingTree.toString());
            }
            SafeDelete.deleteTree(stagingTree);
            SafeDelete.deleteTree(stagingMeta);
            if (!Files.exists(files.config())) {
                if (image) {
                    helper("unmount", files.tree().toString());
                }
                JournalLink.remove(context.store(), files.tree());
                SafeDelete.deleteTree(files.tree());
                SafeDelete.deleteTree(files.meta());
                HostUnits.remove(context.store(), config.name());
            }
            throw e;
        }
    }

    /** Waits for the plan's compilation (uninterruptibly) and returns the plan, or throws what it threw. */
    private static SandboxPlan finish(FutureTask<SandboxPlan> compiling) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return compiling.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("compiling the plan failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The helper's image mechanism (mount-image, unmount); it says what failed itself. */
    private void helper(String... args) throws IOException {
        if (HelperRun.run(context.helper(), List.of(args)) != 0) {
            throw new IOException("the tree image could not be handled (" + String.join(" ", args) + ")");
        }
    }

    /**
     * A sandbox without a pids limit could exhaust the host's process ids with one fork bomb;
     * create records a default the administrator can raise with `cloister update`.
     */
    static final long DEFAULT_PIDS_LIMIT = 4096;

    private static Limits withDefaults(Limits requested) {
        return requested.pidsLimit().isPresent() ? requested : requested.withPidsLimit(DEFAULT_PIDS_LIMIT);
    }

    /** The dot-named staging path of a sandbox directory (names never start with a dot). */
    static Path staging(Path dir) {
        return dir.resolveSibling("." + dir.getFileName() + ".creating");
    }

    static void refuseExisting(SandboxFiles files) throws IOException {
        if (Files.exists(files.config())) {
            throw new IllegalArgumentException("a sandbox named '" + files.name()
                    + "' already exists: choose another name, or delete it first");
        }
        if (Files.exists(files.tree()) || Files.exists(files.meta().resolve("start.plan"))) {
            throw new IllegalArgumentException("files of an interrupted create or delete of '" + files.name()
                    + "' remain: run `cloister delete " + files.name() + "` to remove them, then create again");
        }
        SafeDelete.deleteTree(staging(files.tree()));
        SafeDelete.deleteTree(staging(files.meta()));
        SafeDelete.deleteTree(files.meta());
    }

    static List<Identity> identitiesInUse(Store store) throws IOException {
        List<Identity> inUse = new ArrayList<>();
        for (String name : store.names()) {
            if (store.exists(name)) {
                SandboxConfig other = store.load(name);
                inUse.add(new Identity(other.level(), other.uidBase()));
            }
        }
        return inUse;
    }
}
