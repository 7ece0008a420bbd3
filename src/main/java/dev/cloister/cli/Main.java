package dev.cloister.cli;

import picocli.CommandLine;

/** Entry point of the JVM side of `cloister` (bin/cloister runs start/execute fast paths without it). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = Subcommands.registerFor(new CommandLine(new CloisterCommand()), args)
                .setExecutionExceptionHandler(new ErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
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
}
