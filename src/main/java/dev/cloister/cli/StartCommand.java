package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Starter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class StartCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "start",
                "Start a sandbox. Returns once it runs; with --attach, stays on its console until it exits.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.flag("keep the console on this terminal and return PID 1's exit status",
                "-a", "--attach"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        return new Starter(Context.forHost()).start(parsed.matchedPositionalValue(0, null),
                parsed.matchedOptionValue("--attach", false));
    }
}
