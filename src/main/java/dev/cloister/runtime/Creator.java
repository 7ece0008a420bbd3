package dev.cloister.runtime;

import dev.cloister.os.KernelRandom;
import dev.cloister.security.IdentityAllocator;
import dev.cloister.security.UidRanges;
import dev.cloister.service.ServiceLayout;
import dev.cloister.service.UnitName;
import dev.cloister.security.IdentityAllocator.Identity;
import dev.cloister.spec.ConfigException;
import dev.cloister.spec.ConfigFile;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.CreateJournal;
import dev.cloister.store.ExitRecord;
import dev.cloister.store.Leftover;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.Store;
import dev.cloister.tree.HostCopy;
import dev.cloister.tree.NetworkdConfig;
import dev.cloister.plan.SandboxPlan;
import dev.cloister.tree.TreeLabel;
import dev.cloister.tree.TreeImage;
import dev.cloister.tree.ServiceTree;
import dev.cloister.tree.SafeDelete;
import dev.cloister.tree.TreeSeeder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code create}: all or nothing, as a journal of steps on disk. The staging metadata
 * {@code .meta/.NAME.creating} is made first (the journal), then the addresses are leased, the
 * tree is built under {@code .NAME.creating} while the plan is compiled into the staging
 * metadata, both are renamed into place, and the config is written last: a sandbox exists once
 * its config does. Each step registers its undo in a {@link Rollback}, and a failure undoes them
 * all; what a killed create leaves is shown by {@code list} and removed ({@link Removal}) by
 * {@code delete NAME}, {@code gc} or the next create of that name.
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
            List<String> notes = new ArrayList<>(clearLeftovers(files));
            UidRanges.Holder holder = new UidRanges.Holder(store.paths().root(), request.name());
            Identity identity = new IdentityAllocator(KernelRandom.seeded()).allocate(request.level(),
                    identitiesInUse(store), taken -> context.uidRanges().claim(holder, taken));
            Rollback rollback = new Rollback(request.name());
            rollback.add("releasing the uid range", () -> context.uidRanges().releaseAll(holder));
            SandboxConfig config = new SandboxConfig(request.name(), request.command(),
                    request.units().stream().map(UnitName::normalize).toList(),
                    request.packages(), request.copy(), identity.level(), request.selinuxLabel(),
                    identity.uidBase(), withDefaults(request.limits()), request.mounts(), request.networks(),
                    request.publish(), request.kernel(), request.systemd());
            try {
                HostBindSources.requireUsable(config, store.paths(), false);
                new SandboxNetworks(store).requireFreePorts(config);
                build(config, files, Optional.empty(), stagingTree -> materialize(config, stagingTree, notes), rollback);
            } catch (IOException | RuntimeException e) {
                rollback.undo(e);
                throw e;
            }
            return new Created(config, notes);
        });
    }

    private void materialize(SandboxConfig config, Path stagingTree, List<String> notes) throws IOException {
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
    }

    /** Fills a staging tree; create seeds it from the host, clone copies another sandbox's. */
    @FunctionalInterface
    interface TreeBuilder {
        void build(Path stagingTree) throws IOException;
    }

    /**
     * The journal of a create or clone (the global lock is held): its staging metadata first,
     * then the leases, then {@link #install}. Every step registers its undo in ROLLBACK, which the
     * caller runs on a failure: a step that writes files registers it before it runs (it may fail
     * half-way, and removing is idempotent), a mount once it is done.
     */
    void build(SandboxConfig config, SandboxFiles files, Optional<String> cloneSource, TreeBuilder builder,
               Rollback rollback) throws IOException {
        // the journal goes last: a roll-back killed half-way is still listed, and finished by delete or gc
        rollback.add("removing the metadata", () -> {
            SafeDelete.deleteTree(files.meta());
            SafeDelete.deleteTree(files.stagingMeta());
        });
        CreateJournal.begin(files, cloneSource);
        new SandboxNetworks(context.store()).allocate(config.name(), config.networks(), context.store().names());
        rollback.add("releasing the address leases", () -> new SandboxNetworks(context.store()).release(config.name()));
        install(config, files, builder, rollback);
    }

    /**
     * Builds the tree under a staging name while the plan is compiled into the staging metadata
     * ({@link PlanCompilation}), moves tree and metadata into place, links the journal, writes
     * the host unit, and commits by writing the config.
     */
    private void install(SandboxConfig config, SandboxFiles files, TreeBuilder builder, Rollback rollback)
            throws IOException {
        Path stagingTree = files.stagingTree();
        Path stagingMeta = files.stagingMeta();
        boolean image = config.limits().storageBytes().isPresent();
        Path stagingImage = stagingMeta.resolve(files.treeImage().getFileName());
        Files.createFile(stagingMeta.resolve(files.lock().getFileName()));
        // The exit record exists from now on: the helper rewrites it in place, so no exit is lost to a full disk.
        AtomicFiles.write(stagingMeta.resolve(files.exitRecord().getFileName()),
                ExitRecord.created(Instant.now().getEpochSecond()), "rw-r--r--");
        // the staging tree and, once renamed, the tree: the metadata's undo covers the image and the plan
        rollback.add("removing the tree", () -> {
            Removal.removeAside(files.tree(), files.asideTree());
            SafeDelete.deleteTree(stagingTree);
        });
        Optional<Rollback.Entry> stagingMount = Optional.empty();
        if (image) {
            TreeImage.create(stagingImage, config.limits().storageBytes().getAsLong());
            Files.createDirectories(stagingTree);
            helper("mount-image", stagingImage.toString(), stagingTree.toString());
            stagingMount = Optional.of(rollback.add("unmounting the tree image from " + stagingTree,
                    () -> helper("unmount", stagingTree.toString())));
        }
        PlanCompilation compiling = PlanCompilation.start(
                () -> new PlanCompiler(context).compileInto(config, files, stagingMeta));
        // it writes into stagingMeta, which the metadata's undo removes: that waits for it
        Rollback.Entry compiler = rollback.add("compiling the plan", compiling::finish);
        builder.build(stagingTree);
        SandboxPlan plan;
        try {
            plan = compiling.finish();
        } finally {
            rollback.forget(compiler);
        }
        HostBindSources.requireBindable(context.helper(), stagingMeta.resolve(files.plan().getFileName()), config, false);
        if (stagingMount.isPresent()) {
            helper("unmount", stagingTree.toString());
            rollback.forget(stagingMount.get());
        }
        Files.move(stagingTree, files.tree(), StandardCopyOption.ATOMIC_MOVE);
        Files.move(stagingMeta, files.meta(), StandardCopyOption.ATOMIC_MOVE);
        CreateJournal.end(files);
        if (image) {
            helper("mount-image", files.treeImage().toString(), files.tree().toString());
            rollback.add("unmounting the tree image from " + files.tree(), () -> helper("unmount", files.tree().toString()));
        }
        if (plan.selinux().isPresent()) {
            TreeLabel.apply(files.tree(), plan.selinux().get().fileLabel());
        }
        if (config.isService()) {
            rollback.add("removing the journal link", () -> JournalLink.remove(context.store(), files.tree()));
            JournalLink.create(context.store(), files.tree(), JournalLink.machineId(files.tree()));
        }
        // The host unit, then the commit: the config, last, with the compiled files' time, so the plan
        // is fresh from the start. Under the sandbox's lock too, which every other writer of them takes.
        rollback.add("removing the host unit", () -> HostUnits.remove(context.store(), config.name()));
        rollback.add("removing the config", () -> {
            Files.deleteIfExists(files.config());
            AtomicFiles.removeLeftover(files.config());
        });
        context.store().withSandboxLock(config.name(), () -> {
            HostUnits.write(context.store(), config);
            FileTime now = FileTime.from(Instant.now());
            PlanCompiler.markFresh(files, files.meta(), now);
            AtomicFiles.commit(AtomicFiles.stage(files.config(), ConfigFile.render(config).getBytes(StandardCharsets.UTF_8),
                    "rw-r--r--", now), files.config());
            return null;
        });
    }

    /** The helper's image mechanism (mount-image, unmount); it says what failed itself. */
    private void helper(String... args) throws IOException {
        if (context.helper().attached(List.of(args)) != 0) {
            throw new IOException("the tree image could not be handled (" + String.join(" ", args) + "): the helper "
                    + "said why above; fix that and run the command again");
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

    /**
     * Refuses a name in use; what an interrupted create, clone or delete of that name left is
     * removed first (a retried create completes the roll-back, or the delete), with a note.
     */
    static List<String> clearLeftovers(SandboxFiles files, Context context) throws IOException {
        Optional<Leftover> leftover = context.store().leftover(files.name());
        if (leftover.isEmpty() && Files.exists(files.config())) {
            throw new IllegalArgumentException("a sandbox named '" + files.name()
                    + "' already exists: choose another name, or delete it first");
        }
        if (leftover.isEmpty()) {
            return List.of();
        }
        new Removal(context).run(files);
        return List.of((leftover.get().operation() == Leftover.Operation.DELETE ? "finished " : "removed what ")
                + leftover.get().what() + " of " + files.name() + (leftover.get().operation() == Leftover.Operation.DELETE
                ? "" : " left"));
    }

    private List<String> clearLeftovers(SandboxFiles files) throws IOException {
        return clearLeftovers(files, context);
    }

    /**
     * The identities of every other sandbox. A config that does not parse still holds its
     * identity: its uid base and level are read from its lines, so that a damaged file never
     * stops a create, nor gives its sandbox's ids away.
     */
    static List<Identity> identitiesInUse(Store store) throws IOException {
        List<Identity> inUse = new ArrayList<>();
        for (String name : store.names()) {
            if (!store.exists(name)) {
                continue;
            }
            try {
                SandboxConfig other = store.load(name);
                inUse.add(new Identity(other.level(), other.uidBase()));
            } catch (ConfigException damaged) {
                DamagedConfig.identity(store.files(name).config(), store.files(name).plan()).ifPresent(inUse::add);
            }
        }
        return inUse;
    }
}
