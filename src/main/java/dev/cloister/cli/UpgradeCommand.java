package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Re-plan a sandbox from its config (after hand edits or a host package upgrade), keeping its data. "
                + "A running sandbox gets the new plan at its next start.")
final class UpgradeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        Context context = Context.forHost();
        context.store().withSandboxLock(name, () -> {
            SandboxConfig config = context.store().load(name);
            new dev.cloister.runtime.Upgrader(context).upgrade(config);
            return null;
        });
        System.out.println("upgraded " + name);
        return 0;
    }
}
