package dev.cloister.runtime;

import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.SandboxFiles;
import dev.cloister.tree.TreeLabel;

import java.io.IOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * {@code upgrade}: re-plan from the config (hand edits, host package upgrades); data stays.
 * What create checks is checked again here, against the config as it is now (addresses,
 * host-bind sources), so a hand edit fails here with a reason instead of at the next start.
 * Caller holds the sandbox's lock.
 */
public final class Upgrader {
    private final Context context;

    public Upgrader(Context context) {
        this.context = context;
    }

    public void upgrade(SandboxConfig config) throws IOException {
        SandboxFiles files = context.store().files(config.name());
        HostBindSources.requireUsable(config, context.store().paths(), true);
        new SandboxNetworks(context.store()).reconcile(config);
        java.nio.file.Files.createDirectories(files.meta());
        PlanCompiler.Staged plan = new PlanCompiler(context).stage(config, files, FileTime.from(Instant.now()));
        try {
            HostBindSources.requireBindable(context.helper(), plan.targetToStaged().get(files.plan()), config, true);
        } catch (IOException | RuntimeException e) {
            PlanCompiler.discard(plan);
            throw e;
        }
        PlanCompiler.commit(plan);
        if (plan.plan().selinux().isPresent()) {
            TreeLabel.applyWhereMissing(files.tree(), plan.plan().selinux().get().fileLabel());
        }
        HostUnits.write(context.store(), config);
    }
}
