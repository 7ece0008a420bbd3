package dev.cloister.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The root command; its subcommands are registered by {@link Subcommands}, only those a command
 * line needs. Without arguments, {@link Main} prints the usage.
 */
@Command(name = "cloister", mixinStandardHelpOptions = true, version = "cloister 0.1.0",
        description = "Secure service containers: each service in its own sandbox, booted by systemd, "
                + "sharing the host's /usr read-only.")
public final class CloisterCommand {
    /** The whole command tree, for help, completion and the man page. */
    public static CommandLine full() {
        return Subcommands.register(new CommandLine(new CloisterCommand()));
    }
}
