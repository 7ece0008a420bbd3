package dev.cloister.cli;

import dev.cloister.plan.PlanWriter;
import dev.cloister.runtime.Context;
import dev.cloister.runtime.Stopper;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.time.Duration;
import java.util.Optional;

final class StopCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "stop", "Stop a sandbox: its stop signal to PID 1, SIGKILL after the "
                + "timeout. Nothing of it keeps running.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.typed(Double.class, "SECONDS", "seconds before SIGKILL (default: the plan's stop-timeout, "
                + PlanWriter.STOP_TIMEOUT.toSeconds() + ")", "-t", "--timeout"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        Double seconds = parsed.matchedOptionValue("--timeout", null);
        if (seconds != null && seconds < 0) {
            throw new IllegalArgumentException("--timeout must not be negative");
        }
        Optional<Duration> timeout = Optional.ofNullable(seconds).map(s -> Duration.ofMillis((long) (s * 1000)));
        // The helper checks the range and says what it did, as on bin/cloister's fast path.
        return new Stopper(Context.forHost()).stop(name, timeout);
    }
}
