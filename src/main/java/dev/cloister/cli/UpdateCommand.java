package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Reports;
import dev.cloister.runtime.Updater;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class UpdateCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "update",
                "Change a sandbox's limits; a running sandbox gets them at once.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        LimitOptions.addTo(spec);
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        Limits changes = LimitOptions.from(parsed).toLimits();
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("nothing to update: give --memory, --cpus, --cpu-weight, --pids-limit or --io-weight");
        }
        SandboxConfig updated = new Updater(Context.forHost()).update(name, changes);
        System.out.println("updated " + name + ": " + Reports.limits(updated.limits()));
        return 0;
    }
}
