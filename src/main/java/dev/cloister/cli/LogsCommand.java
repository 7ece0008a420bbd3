package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.LogReader;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

final class LogsCommand implements Subcommand {
    private static final int DEFAULT_LINES = 50;

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "logs", "A sandbox's journal (a generic sandbox's console log). The "
                + "host's `journalctl -m` shows service sandboxes too.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.flag("keep printing new entries (running sandboxes)", "-f", "--follow"));
        spec.addOption(Specs.typed(int.class, "N", DEFAULT_LINES, "how many recent lines (default ${DEFAULT-VALUE})",
                "-n", "--lines"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        int lines = parsed.matchedOptionValue("--lines", DEFAULT_LINES);
        if (lines < 0) {
            throw new IllegalArgumentException("-n must not be negative");
        }
        return new LogReader(Context.forHost()).show(parsed.matchedPositionalValue(0, null),
                parsed.matchedOptionValue("--follow", false), lines);
    }
}
