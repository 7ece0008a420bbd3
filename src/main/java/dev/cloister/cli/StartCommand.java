package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Starter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start a sandbox. Returns once it runs; with --attach, stays on its console until it exits.")
final class StartCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-a", "--attach"}, description = "keep the console on this terminal and return PID 1's exit status")
    boolean attach;

    @Override
    public Integer call() throws Exception {
        return new Starter(Context.forHost()).start(name, attach);
    }
}
