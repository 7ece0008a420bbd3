package dev.cloister.cli;

import dev.cloister.runtime.Context;
import dev.cloister.runtime.LogReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "A sandbox's journal (a generic sandbox's console log). The host's `journalctl -m` shows service sandboxes too.")
final class LogsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = {"-f", "--follow"}, description = "keep printing new entries (running sandboxes)")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50", description = "how many recent lines (default ${DEFAULT-VALUE})")
    int lines;

    @Override
    public Integer call() throws Exception {
        if (lines < 0) {
            throw new IllegalArgumentException("-n must not be negative");
        }
        return new LogReader(Context.forHost()).show(name, follow, lines);
    }
}
