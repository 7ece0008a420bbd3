package dev.cloister.runtime;

import dev.cloister.spec.SandboxConfig;

import java.io.IOException;

/** {@code upgrade}: re-plan from the config (hand edits, host package upgrades); data stays. Caller holds the lock. */
public final class Upgrader {
    private final Context context;

    public Upgrader(Context context) {
        this.context = context;
    }

    public void upgrade(SandboxConfig config) throws IOException {
        new PlanCompiler(context).compile(config, context.store().files(config.name()));
        HostUnits.write(context.store(), config);
    }
}
