package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Stopper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop a sandbox: its stop signal to PID 1, SIGKILL after the timeout. Nothing of it keeps running.")
final class StopCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "seconds before SIGKILL (default ${DEFAULT-VALUE})")
    double timeout;

    @Override
    public Integer call() throws Exception {
        if (timeout < 0) {
            throw new IllegalArgumentException("--timeout must not be negative");
        }
        Context context = Context.forHost();
        context.store().load(name);
        boolean stopped = new Stopper(context).stop(name, Duration.ofMillis((long) (timeout * 1000)));
        if (!stopped) {
            System.out.println(name + " was not running"); // the helper reported a stop itself
        }
        return 0;
    }
}
