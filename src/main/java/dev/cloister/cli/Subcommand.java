package dev.cloister.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * A command of the CLI: its picocli model, built with {@link Specs} (no annotations), and what
 * it does with a parsed command line. Errors are thrown; {@link ErrorHandler} reports them.
 */
interface Subcommand {
    /** The model: name, description, options and parameters ({@link Specs#command} starts one). */
    CommandSpec spec();

    /** Runs the command with its own part of the parsed command line; returns the exit status. */
    int run(ParseResult parsed) throws Exception;

    /** The action of a command that only groups others (cloister, network): shows what they are. */
    static int showUsage(ParseResult parsed) {
        parsed.commandSpec().commandLine().usage(System.out);
        return 0;
    }
}
