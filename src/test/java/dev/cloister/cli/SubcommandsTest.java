package dev.cloister.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubcommandsTest {
    private static final String[] ALL = {"create", "start", "stop", "execute", "connect", "list", "inspect", "delete",
            "update", "stats", "upgrade", "network", "logs", "reload", "clone", "gc", "help"};

    @Test
    void aCommandLineNamingOneSubcommandRegistersOnlyThatOne() {
        CommandLine root = Subcommands.registerFor(CloisterCommand.root(), "list", "--json");

        assertThat(root.getSubcommands().keySet()).containsExactly("list");
    }

    @Test
    void anythingElseRegistersEverySubcommandInHelpOrder() {
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "list"}, {"lst"}}) {
            CommandLine root = Subcommands.registerFor(CloisterCommand.root(), args);
            assertThat(root.getSubcommands().keySet()).as(String.join(" ", args)).containsExactly(ALL);
        }
    }

    @Test
    void everySubcommandIsRegisteredUnderItsOwnName() {
        CloisterCommand.full().getSubcommands().forEach((name, sub) -> assertThat(sub.getCommandSpec().name())
                .isEqualTo(name));
    }

    @Test
    void aTypoStillGetsSuggestions() {
        CommandLine cli = Subcommands.registerFor(CloisterCommand.root(), "lst");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cli.setErr(new PrintWriter(err, true));

        assertThat(cli.execute("lst")).isEqualTo(2);
        assertThat(err.toString()).contains("Did you mean", "list");
    }
}
