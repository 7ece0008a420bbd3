package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Stopper;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;

final class StopCommand implements Subcommand {
    private static final double DEFAULT_TIMEOUT_SECONDS = 10;

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "stop", "Stop a sandbox: its stop signal to PID 1, SIGKILL after the "
                + "timeout. Nothing of it keeps running.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.typed(double.class, "SECONDS", (int) DEFAULT_TIMEOUT_SECONDS,
                "seconds before SIGKILL (default ${DEFAULT-VALUE})", "-t", "--timeout"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        double timeout = parsed.matchedOptionValue("--timeout", DEFAULT_TIMEOUT_SECONDS);
        if (timeout < 0) {
            throw new IllegalArgumentException("--timeout must not be negative");
        }
        // The helper says what it did, as on bin/cloister's fast path.
        return new Stopper(Context.forHost()).stop(name, Duration.ofMillis((long) (timeout * 1000)));
    }
}
