package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Deleter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class DeleteCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "delete",
                "Remove a sandbox and everything create made (tree, config, plan, host unit).");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.flag("stop it first if it is running", "-f", "--force"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        new Deleter(Context.forHost()).delete(name, parsed.matchedOptionValue("--force", false));
        System.out.println("deleted " + name);
        return 0;
    }
}
