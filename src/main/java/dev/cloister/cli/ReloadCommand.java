package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Executor;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Reload services inside a running sandbox (systemctl reload); default: all of its units.")
final class ReloadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-u", "--unitfile"}, paramLabel = "UNIT", description = "unit to reload (repeatable)")
    List<String> units = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
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
