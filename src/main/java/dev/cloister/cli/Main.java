package dev.cloister.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Entry point of the JVM side of `cloister` (bin/cloister runs start/execute fast paths without it). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = Subcommands.registerFor(CloisterCommand.root(), args)
                .setExecutionStrategy(Main::execute)
                .setExecutionExceptionHandler(new ErrorHandler());
        String invokedAs = System.getProperty("cloister.name");
        if (invokedAs != null && !invokedAs.isBlank()) {
            cli.setCommandName(invokedAs);
        }
        if (args.length == 0) {
            cli.usage(System.out);
            return 0;
        }
        return cli.execute(args);
    }

    /** Help and version requests first, then the last command named, which is a {@link Subcommand}. */
    static int execute(ParseResult parsed) {
        Integer helpExit = CommandLine.executeHelpRequest(parsed);
        if (helpExit != null) {
            return helpExit;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine command = last.commandSpec().commandLine();
        try {
            return ((Subcommand) last.commandSpec().userObject()).run(last);
        } catch (CommandLine.ParameterException e) {
            throw e;
        } catch (Exception e) {
            throw new CommandLine.ExecutionException(command, String.valueOf(e.getMessage()), e);
        }
    }
}
