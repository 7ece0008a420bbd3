package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Upgrader;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class UpgradeCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "upgrade", "Re-plan a sandbox from its config (after hand edits or "
                + "a host package upgrade), keeping its data. A running sandbox gets the new plan at its next start.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        Context context = Context.forHost();
        context.store().withSandboxLock(name, () -> {
            SandboxConfig config = context.store().load(name);
            new Upgrader(context).upgrade(config);
            return null;
        });
        System.out.println("upgraded " + name);
        return 0;
    }
}
