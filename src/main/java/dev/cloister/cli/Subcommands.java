package dev.cloister.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The subcommands, in help order. A command line that names one subcommand registers only that
 * one (each model costs a little to build); anything else (no arguments, --help, help, a typo
 * that wants suggestions) gets them all.
 */
final class Subcommands {
    private static final Map<String, Supplier<Subcommand>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("create", CreateCommand::new);
        BY_NAME.put("start", StartCommand::new);
        BY_NAME.put("stop", StopCommand::new);
        BY_NAME.put("execute", ExecuteCommand::new);
        BY_NAME.put("connect", ConnectCommand::new);
        BY_NAME.put("list", ListCommand::new);
        BY_NAME.put("inspect", InspectCommand::new);
        BY_NAME.put("delete", DeleteCommand::new);
        BY_NAME.put("update", UpdateCommand::new);
        BY_NAME.put("stats", StatsCommand::new);
        BY_NAME.put("upgrade", UpgradeCommand::new);
        BY_NAME.put("network", NetworkCommand::new);
        BY_NAME.put("logs", LogsCommand::new);
        BY_NAME.put("reload", ReloadCommand::new);
        BY_NAME.put("clone", CloneCommand::new);
        BY_NAME.put("gc", GcCommand::new);
        BY_NAME.put("help", HelpCommand::new);
    }

    private Subcommands() {
    }

    /** Every subcommand's name but help's, in help order: what `help` completes. */
    static List<String> names() {
        return BY_NAME.keySet().stream().filter(name -> !name.equals("help")).toList();
    }

    /** Registers the subcommand {@code args} names, or all of them. */
    static CommandLine registerFor(CommandLine root, String... args) {
        String first = args.length == 0 ? null : args[0];
        Supplier<Subcommand> only = first == null || first.equals("help") ? null : BY_NAME.get(first);
        if (only == null) {
            return register(root);
        }
        return root.addSubcommand(first, new CommandLine(only.get().spec()));
    }

    static CommandLine register(CommandLine root) {
        BY_NAME.forEach((name, command) -> root.addSubcommand(name, new CommandLine(command.get().spec())));
        return root;
    }
}
