package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.Reports;
import dev.cloister.runtime.Updater;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "update", mixinStandardHelpOptions = true,
        description = "Change a sandbox's limits; a running sandbox gets them at once.")
final class UpdateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin
    LimitOptions limits = new LimitOptions();

    @Override
    public Integer call() throws Exception {
        Limits changes = limits.toLimits();
        if (changes.isEmpty()) {
            throw new IllegalArgumentException("nothing to update: give --memory, --cpus, --cpu-weight, --pids-limit or --io-weight");
        }
        SandboxConfig updated = new Updater(Context.forHost()).update(name, changes);
        System.out.println("updated " + name + ": " + Reports.limits(updated.limits()));
        return 0;
    }
}
