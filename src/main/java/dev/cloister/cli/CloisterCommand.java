package dev.cloister.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The root command; its subcommands are registered by {@link Subcommands}, only those a command
 * line needs. Without a subcommand it shows the usage.
 */
public final class CloisterCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "cloister", "Secure service containers: each service in its own "
                + "sandbox, booted by systemd, sharing the host's /usr read-only.").version("cloister 0.1.0");
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                .description("Print version information and exit.").build());
        return spec;
    }

    @Override
    public int run(ParseResult parsed) {
        return Subcommand.showUsage(parsed);
    }

    /** The root alone. */
    static CommandLine root() {
        return new CommandLine(new CloisterCommand().spec());
    }

    /** The whole command tree, for help, completion and the man page. */
    public static CommandLine full() {
        return Subcommands.register(root());
    }
}
