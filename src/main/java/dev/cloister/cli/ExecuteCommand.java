package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Executor;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class ExecuteCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "execute",
                "Run a command inside a running sandbox with its full confinement; its exit status is returned.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addPositional(Specs.rest(1, "1..*", "COMMAND", "after --: the command and its arguments"));
        spec.addOption(Specs.flag("run without the sandbox's SELinux exec label (the original's option); every "
                + "other confinement still applies: the command starts in PID 1's namespaces, Landlock domain and seccomp filter",
                "-N", "--noseclabel"));
        spec.addOption(Specs.flag("allocate a pty even when stdin is not a terminal", "-t", "--tty"));
        spec.addOption(Specs.flag("never allocate a pty", "-T", "--no-tty"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        Executor.Terminal terminal = parsed.matchedOptionValue("--tty", false) ? Executor.Terminal.TTY
                : parsed.matchedOptionValue("--no-tty", false) ? Executor.Terminal.NO_TTY : Executor.Terminal.AUTO;
        return new Executor(Context.forHost()).execute(parsed.matchedPositionalValue(0, null),
                parsed.matchedOptionValue("--noseclabel", false), terminal, Specs.rest(parsed, 1));
    }
}
