package dev.cloister.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; its subcommands are registered by {@link Subcommands}, only those a command line needs. */
@Command(name = "cloister", mixinStandardHelpOptions = true, version = "cloister 0.1.0",
        description = "Secure service containers: each service in its own sandbox, booted by systemd, "
                + "sharing the host's /usr read-only.")
public final class CloisterCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The whole command tree, for help, completion and the man page. */
    public static CommandLine full() {
        return Subcommands.register(new CommandLine(new CloisterCommand()));
    }
}
