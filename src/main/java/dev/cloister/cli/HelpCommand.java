package dev.cloister.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/** {@code help [COMMAND [SUBCOMMAND]]}: the usage of a command, or of cloister itself. */
final class HelpCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "help", "Show the usage of a command (of cloister without one).");
        spec.addPositional(PositionalParamSpec.builder().index("0..*").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("COMMAND").completionCandidates(Subcommands.names())
                .description("the command (and subcommand) to describe").build());
        return spec;
    }

    @Override
    public int run(ParseResult parsed) {
        CommandLine described = parsed.commandSpec().parent().commandLine();
        List<String> path = Specs.rest(parsed, 0);
        for (String name : path) {
            CommandLine sub = described.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(parsed.commandSpec().commandLine(), "Unknown subcommand '"
                        + name + "'. Commands: " + String.join(", ", described.getSubcommands().keySet()));
            }
            described = sub;
        }
        described.usage(System.out);
        return 0;
    }
}
