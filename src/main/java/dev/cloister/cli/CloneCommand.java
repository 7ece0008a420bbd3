package dev.cloister.cli;

import dev.cloister.runtime.Cloner;
import dev.cloister.runtime.Context;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class CloneCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "clone", "Copy a stopped sandbox under a new name, with a new "
                + "machine-id, hostname, label, uid range and address.");
        spec.addPositional(Specs.parameter(0, "SOURCE"));
        spec.addPositional(Specs.parameter(1, "DEST"));
        SecurityOptions.addTo(spec);
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String source = parsed.matchedPositionalValue(0, null);
        SandboxConfig config = new Cloner(Context.forHost()).cloneSandbox(source,
                parsed.matchedPositionalValue(1, null), SecurityOptions.from(parsed).chosenLevel());
        System.out.println("cloned " + source + " to " + config.name() + " (label " + config.level() + ", uid base "
                + config.uidBase() + ")");
        return 0;
    }
}
