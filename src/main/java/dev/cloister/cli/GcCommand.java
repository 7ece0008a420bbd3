package dev.cloister.cli;

import dev.cloister.net.NetworkGc;
import dev.cloister.runtime.Context;
import dev.cloister.store.Store;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class GcCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "gc", "Clean up after sandboxes whose monitor was killed (SIGKILL, crash): their "
                + "veths, published-port rules, and bridges no running sandbox uses, with those bridges' rules and "
                + "DHCP servers.", "Running sandboxes are left alone. Starting such a sandbox again cleans up after it "
                + "too.");
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        Context context = Context.forHost();
        Store store = context.store();
        int failed = 0;
        for (String name : store.names()) {
            NetworkGc.Result r = NetworkGc.cleanup(context.helper(), name, store.files(name).plan());
            switch (r.outcome()) {
                case CLEANED -> System.out.println(name + ": network cleaned up" + (r.message().isEmpty() ? "" : " (" + r.message() + ")"));
                case RUNNING -> System.out.println(name + ": " + r.message());
                case NO_PLAN -> System.out.println(name + ": nothing to clean (" + r.message() + ")");
                case FAILED -> {
                    failed++;
                    System.err.println(name + ": " + r.message());
                }
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
