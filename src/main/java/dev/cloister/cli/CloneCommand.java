package dev.cloister.cli;

import dev.cloister.runtime.Cloner;
import dev.cloister.runtime.Context;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "clone", mixinStandardHelpOptions = true,
        description = "Copy a stopped sandbox under a new name, with a new machine-id, hostname, label, uid range and address.")
final class CloneCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SOURCE")
    String source;

    @Parameters(index = "1", paramLabel = "DEST")
    String dest;

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Override
    public Integer call() throws Exception {
        SandboxConfig config = new Cloner(Context.forHost()).cloneSandbox(source, dest, security.level());
        System.out.println("cloned " + source + " to " + config.name() + " (label " + config.level() + ", uid base "
                + config.uidBase() + ")");
        return 0;
    }
}
