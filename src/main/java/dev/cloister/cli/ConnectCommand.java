package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Executor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

final class ConnectCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "connect",
                "An interactive root shell inside a running sandbox, on a fresh pty of its own.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        return new Executor(Context.forHost()).execute(parsed.matchedPositionalValue(0, null), false,
                Executor.Terminal.TTY, List.of("/bin/bash", "-l"));
    }
}
