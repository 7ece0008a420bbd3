package dev.cloister.cli;

import picocli.CommandLine.Command;

@Command(name = "cloister", mixinStandardHelpOptions = true, version = "cloister 0.1.0",
        description = "Secure service containers: each service in its own sandbox, booted by systemd, "
                + "sharing the host's /usr read-only.",
        subcommands = {
                CreateCommand.class, StartCommand.class, StopCommand.class, ExecuteCommand.class,
                ConnectCommand.class, ListCommand.class, InspectCommand.class, DeleteCommand.class,
                UpdateCommand.class, StatsCommand.class, UpgradeCommand.class, NetworkCommand.class, LogsCommand.class, ReloadCommand.class,
                CloneCommand.class,
                GcCommand.class,
                picocli.CommandLine.HelpCommand.class})
public final class CloisterCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }
}
