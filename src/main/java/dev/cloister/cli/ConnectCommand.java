package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Executor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "connect", mixinStandardHelpOptions = true,
        description = "An interactive root shell inside a running sandbox, on a fresh pty of its own.")
final class ConnectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws Exception {
        return new Executor(Context.forHost()).execute(name, false, Executor.Terminal.TTY, List.of("/bin/bash", "-l"));
    }
}
