package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Executor;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.ArrayList;
import java.util.List;

final class ReloadCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "reload",
                "Reload services inside a running sandbox (systemctl reload); default: all of its units.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.repeatable("UNIT", "unit to reload (repeatable)", "-u", "--unitfile"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        List<String> units = Specs.strings(parsed, "--unitfile");
        Context context = Context.forHost();
        SandboxConfig config = context.store().load(name);
        if (!config.isService()) {
            throw new IllegalArgumentException("'" + name + "' is a generic sandbox: it has no units to reload");
        }
        List<String> command = new ArrayList<>(List.of("systemctl", "reload", "--"));
        command.addAll(units.isEmpty() ? config.units() : units);
        return new Executor(context).execute(name, false, Executor.Terminal.NO_TTY, command);
    }
}
