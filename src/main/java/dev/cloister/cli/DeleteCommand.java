package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Deleter;
import dev.cloister.store.Leftover;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.Optional;

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
        Optional<Leftover> leftover = new Deleter(Context.forHost()).delete(name, parsed.matchedOptionValue("--force", false));
        // Printed only once nothing of it is left (the removal checks).
        System.out.println(leftover.isEmpty() || leftover.get().operation() == Leftover.Operation.DELETE ? "deleted " + name
                : "removed what " + leftover.get().what() + " of " + name + " left");
        return 0;
    }
}
