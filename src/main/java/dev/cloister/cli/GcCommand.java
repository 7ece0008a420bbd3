package dev.cloister.cli;

import dev.cloister.runtime.Collector;
import dev.cloister.runtime.Context;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class GcCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "gc", "Finish what was left half-done: roll back interrupted creates and clones, "
                + "finish interrupted deletes, clean up after monitors killed with SIGKILL (cgroups, veths, published-port "
                + "rules, run directories), and remove bridges no sandbox uses with their rules and DHCP servers.",
                "Running sandboxes, and those a start or stop is busy with, are left alone. Exit status 1 when "
                        + "something could not be cleaned up (each is named).");
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        Collector.Report report = new Collector(Context.forHost()).collect();
        report.done().forEach(System.out::println);
        report.failed().forEach(f -> System.err.println("gc: " + f));
        if (report.done().isEmpty() && report.failed().isEmpty()) {
            System.out.println("nothing to clean up");
        }
        return report.failed().isEmpty() ? 0 : 1;
    }
}
