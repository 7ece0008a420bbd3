package dev.cloister.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;

/**
 * picocli models built by hand. Reading a command's annotations makes the JDK generate a proxy
 * class per annotation type at run time: ~30 ms of every cold JVM command, a fifth of the
 * 150 ms a command may take. The same model built with picocli's programmatic API costs ~3 ms.
 */
final class Specs {
    private Specs() {
    }

    /** A command with {@code -h/--help}, run by {@code action} (see {@link Main#execute}). */
    static CommandSpec command(Subcommand action, String name, String... description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(action).name(name);
        spec.usageMessage().description(description);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                .description("Show this help message and exit.").build());
        return spec;
    }

    /** A boolean option that takes no value. */
    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).description(description).build();
    }

    /** An option with one string value. */
    static OptionSpec value(String label, String description, String... names) {
        return typed(String.class, label, description, names);
    }

    /** An option with one value converted to {@code type} (picocli says which values are valid). */
    static OptionSpec typed(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).description(description).build();
    }

    /** {@link #typed}, with a default shown in the help as {@code ${DEFAULT-VALUE}}. */
    static OptionSpec typed(Class<?> type, String label, Object defaultValue, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).defaultValue(String.valueOf(defaultValue))
                .description(description).build();
    }

    /** A string option that may be given several times; read with {@link #strings}. */
    static OptionSpec repeatable(String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).paramLabel(label)
                .description(description).build();
    }

    /** The required positional parameter at {@code index}. */
    static PositionalParamSpec parameter(int index, String label, String... description) {
        return PositionalParamSpec.builder().index(String.valueOf(index)).arity("1").required(true).type(String.class)
                .paramLabel(label).description(description).build();
    }

    /** The positional parameters from {@code index} on ({@code arity} "0..*" or "1..*"); read with {@link #rest}. */
    static PositionalParamSpec rest(int index, String arity, String label, String description) {
        return PositionalParamSpec.builder().index(index + "..*").arity(arity).required(arity.startsWith("1"))
                .type(List.class)
                .auxiliaryTypes(String.class).paramLabel(label).description(description).build();
    }

    /** The values of a {@link #repeatable} option, in order; empty when it was not given. */
    static List<String> strings(picocli.CommandLine.ParseResult parsed, String option) {
        return List.copyOf(parsed.matchedOptionValue(option, List.<String>of()));
    }

    /** The values of a {@link #rest} parameter; empty when none were given. */
    static List<String> rest(picocli.CommandLine.ParseResult parsed, int index) {
        return List.copyOf(parsed.matchedPositionalValue(index, List.<String>of()));
    }
}
