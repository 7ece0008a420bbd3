package dev.cloister.runtime;

import dev.cloister.os.KernelRandom;
import dev.cloister.security.IdentityAllocator;
import dev.cloister.security.UidRanges;
import dev.cloister.security.IdentityAllocator.Identity;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.spec.SecurityLevel;
import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;
import dev.cloister.store.Store;
import dev.cloister.tree.HostCopy;
import dev.cloister.tree.SafeDelete;
import dev.cloister.tree.SecretFiles;
import dev.cloister.tree.TreePaths;
import dev.cloister.tree.TreeSeeder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code clone SRC DEST}: a copy of a stopped sandbox's tree and config under a new identity —
 * its own machine-id, hostname, label, uid range and address. Nothing is renamed by string
 * replacement: the hostname and identity files are written anew, and template instances are
 * re-enabled under the new name, so a name that is a substring of a unit name is harmless.
 */
public final class Cloner {
    private final Context context;

    public Cloner(Context context) {
        this.context = context;
    }

    public SandboxConfig cloneSandbox(String source, String dest, Optional<SecurityLevel> level) throws IOException {
        Store store = context.store();
        return store.withGlobalLock(() -> {
            SandboxConfig src = store.load(source);
            SandboxStatus status = store.status(source);
            if (!(status instanceof SandboxStatus.Defined || status instanceof SandboxStatus.Stopped)) {
                throw new IllegalStateException("sandbox '" + source + "' is " + status.word() + ": clone a stopped "
                        + "sandbox (`cloister stop " + source + "`), so its files are consistent");
            }
            SandboxFiles files = store.files(dest);
            Creator.clearLeftovers(files, context).forEach(note -> System.err.println("note: " + note));
            UidRanges.Holder holder = new UidRanges.Holder(store.paths().root(), dest);
            Identity identity = new IdentityAllocator(KernelRandom.seeded())
                    .allocate(level, Creator.identitiesInUse(store), taken -> context.uidRanges().claim(holder, taken));
            Rollback rollback = new Rollback(dest);
            rollback.add("releasing the uid range", () -> context.uidRanges().releaseAll(holder));
            SandboxConfig config = src.withName(dest).withIdentity(identity.level(), identity.uidBase());
            Path srcTree = store.files(source).tree();
            try {
                HostBindSources.requireUsable(config, context.store().paths(), false);
                cloneTree(config, src, dest, source, srcTree, files, rollback);
            } catch (IOException | RuntimeException e) {
                rollback.undo(e);
                throw e;
            }
            return config;
        });
    }

    private void cloneTree(SandboxConfig config, SandboxConfig src, String dest, String source, Path srcTree,
                           SandboxFiles files, Rollback rollback) throws IOException {
        new Creator(context).build(config, files, Optional.of(source), staging -> {
            // Copied without following anything: the source tree is the source sandbox's to shape.
            new HostCopy(context.helper()).copy(srcTree, staging, HostCopy.Filter.EVERYTHING);
            // The copy holds whatever links root inside planted: every path written below is
            // first made a real directory, so no write can follow a link out of the tree.
            SafeDelete.deleteTree(TreePaths.realDirectory(staging, "var/log/journal"));
            TreePaths.realDirectory(staging, "var/log/journal");
            TreeSeeder.writeIdentity(TreePaths.realDirectory(staging, "etc"), dest);
            if (config.isService()) {
                renameInstances(src, config, staging);
                // the source's own keys were copied with its tree: the clone gets keys of its own
                SecretFiles.write(new PlanCompiler(context).plan(config).service().orElseThrow(),
                        context.hostRoot(), staging, dest);
            }
        }, rollback);
    }

    /** Template units are enabled per sandbox name (foo@SRC.service): enable foo@DEST.service instead. */
    private void renameInstances(SandboxConfig src, SandboxConfig dest, Path staging) throws IOException {
        PlanCompiler compiler = new PlanCompiler(context);
        List<String> before = compiler.plan(src).service().orElseThrow().enabledUnits();
        List<String> after = compiler.plan(dest).service().orElseThrow().enabledUnits();
        Path wants = TreePaths.realDirectory(staging, "etc/systemd/system/multi-user.target.wants");
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            if (before.get(i).equals(after.get(i))) {
                continue;
            }
            Path old = wants.resolve(before.get(i));
            if (Files.isSymbolicLink(old)) {
                Path target = Files.readSymbolicLink(old);
                Files.delete(old);
                Files.deleteIfExists(wants.resolve(after.get(i)));
                Files.createSymbolicLink(wants.resolve(after.get(i)), target);
            } else if (Files.exists(old, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(old + " is not the link create made: re-create the sandbox instead of cloning it");
            }
        }
    }
}
