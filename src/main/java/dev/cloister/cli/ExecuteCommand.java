package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Executor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "execute", mixinStandardHelpOptions = true,
        description = "Run a command inside a running sandbox with its full confinement; its exit status is returned.")
final class ExecuteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "COMMAND", description = "after --: the command and its arguments")
    List<String> command;

    @Option(names = {"-N", "--noseclabel"}, description = "run without the sandbox's security label (the original's option): no "
            + "SELinux exec label, no Landlock domain; namespaces, ids, capabilities and seccomp still apply")
    boolean noSecLabel;

    @Option(names = {"-t", "--tty"}, description = "allocate a pty even when stdin is not a terminal")
    boolean tty;

    @Option(names = {"-T", "--no-tty"}, description = "never allocate a pty")
    boolean noTty;

    @Override
    public Integer call() throws Exception {
        Executor.Terminal terminal = tty ? Executor.Terminal.TTY : noTty ? Executor.Terminal.NO_TTY : Executor.Terminal.AUTO;
        return new Executor(Context.forHost()).execute(name, noSecLabel, terminal, command);
    }
}
