package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Deleter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "delete", mixinStandardHelpOptions = true,
        description = "Remove a sandbox and everything create made (tree, config, plan, host unit).")
final class DeleteCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-f", "--force"}, description = "stop it first if it is running")
    boolean force;

    @Override
    public Integer call() throws Exception {
        new Deleter(Context.forHost()).delete(name, force);
        System.out.println("deleted " + name);
        return 0;
    }
}
