package dev.cloister.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloister.spec.Limits;
import dev.cloister.spec.SecurityLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** The hand-built command models parse what the annotated ones did. */
class CommandModelsTest {
    private static ParseResult parse(Subcommand command, String... args) {
        return new CommandLine(command.spec()).parseArgs(args);
    }

    @Test
    void createReadsRepeatedOptionsMixinsAndTheCommandAfterDoubleDash() {
        ParseResult parsed = parse(new CreateCommand(), "-C", "-u", "apache2.service", "--unitfile", "redis",
                "-N", "none", "-l", "s0:c1,c2", "--memory", "512M", "--cpu-weight", "50", "--publish", "8080:80",
                "web1", "--", "/bin/sh", "-c", "echo hi");

        assertThat((String) parsed.matchedPositionalValue(0, null)).isEqualTo("web1");
        assertThat(Specs.rest(parsed, 1)).containsExactly("/bin/sh", "-c", "echo hi");
        assertThat(Specs.strings(parsed, "--unitfile")).containsExactly("apache2.service", "redis");
        assertThat(Specs.strings(parsed, "-N")).containsExactly("none");
        assertThat((Boolean) parsed.matchedOptionValue("--copy", false)).isTrue();
        assertThat(SecurityOptions.from(parsed).chosenLevel()).contains(SecurityLevel.parse("s0:c1,c2"));
        Limits limits = LimitOptions.from(parsed).toLimits();
        assertThat(limits.memoryBytes()).hasValue(512L * 1024 * 1024);
        assertThat(limits.cpuWeight()).hasValue(50);
        assertThat(PublishOptions.from(parsed)).containsExactly("8080:80");
    }

    @Test
    void absentOptionsReadAsEmptyOrTheirDefaults() {
        ParseResult create = parse(new CreateCommand(), "box");
        assertThat(Specs.rest(create, 1)).isEmpty();
        assertThat(Specs.strings(create, "--unitfile")).isEmpty();
        assertThat(LimitOptions.from(create).toLimits().isEmpty()).isTrue();
        assertThat(SecurityOptions.from(create).chosenLevel()).isEmpty();

        // no --timeout: none is passed on, and the helper takes the plan's stop-timeout
        assertThat((Double) parse(new StopCommand(), "box").matchedOptionValue("--timeout", null)).isNull();
        CommandLine stop = new CommandLine(new StopCommand().spec());
        assertThat(stop.getUsageMessage().replaceAll("\\s+", " "))
                .contains("seconds before SIGKILL (default: the plan's stop-timeout, 10)");
    }

    @Test
    void typedOptionsAndRequiredParametersAreChecked() {
        assertThatThrownBy(() -> parse(new UpdateCommand(), "web1", "--cpu-weight", "lots"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--cpu-weight");
        assertThatThrownBy(() -> parse(new ExecuteCommand(), "web1"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("COMMAND");
        assertThatThrownBy(() -> parse(new DeleteCommand()))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("NAME");
    }

    @Test
    void helpDescribesNestedCommandsAndRefusesUnknownOnes() {
        String out = captureOut(() -> assertThat(Main.run("help", "network", "create")).isZero());
        assertThat(out).startsWith("Usage: cloister network create").contains("--subnet=CIDR");

        assertThat(captureOut(() -> assertThat(Main.run("help", "nope")).isEqualTo(2))).isEmpty();
    }

    /**
     * A command's error (here stop's refusal of a negative timeout, thrown before anything is touched) goes through
     * {@link ErrorHandler}: exit status 1 and one line on stderr, "COMMAND: message", no stack trace. Picocli's own
     * handler also returns 1 but prints the trace, and a usage error is 2: only the handler passes.
     */
    @Test
    void errorsOfACommandBecomeExitStatusOne() {
        String[] err = new String[1];
        String out = captureOut(() -> err[0] = captureErr(() ->
                assertThat(Main.run("stop", "web1", "--timeout", "-1")).as("a command's error").isEqualTo(1)));
        // (the same JVM's stderr may carry other lines, the fuzz tests' instrumentation notes, say)
        assertThat(err[0]).containsPattern("(?m)^stop: --timeout must not be negative$")
                .doesNotContain("IllegalArgumentException").doesNotContainPattern("(?m)^\\s+at ");
        assertThat(out).isEmpty();
        assertThat(captureErr(() -> assertThat(Main.run("stop", "web1", "--timeout", "soon")).as("a usage error")
                .isEqualTo(2))).contains("--timeout").doesNotContain("stop: --timeout");
    }

    private static String captureOut(Runnable action) {
        return capture(System.out, System::setOut, action);
    }

    private static String captureErr(Runnable action) {
        return capture(System.err, System::setErr, action);
    }

    /** What ACTION writes to the stream SAVED while SET makes it another. */
    private static String capture(PrintStream saved, Consumer<PrintStream> set, Runnable action) {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        set.accept(new PrintStream(written, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            set.accept(saved);
        }
        return written.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyCommandHasHelpAndOnlyTheRootHasAVersion() {
        CommandLine full = CloisterCommand.full();
        assertThat(full.getCommandSpec().findOption("--version")).isNotNull();
        full.getSubcommands().forEach((name, sub) -> {
            assertThat(sub.getCommandSpec().findOption("--help")).as(name).isNotNull();
            assertThat(sub.getCommandSpec().findOption("--version")).as(name).isNull();
        });
        assertThat(List.copyOf(full.getSubcommands().get("network").getSubcommands().keySet()))
                .containsExactly("create", "list", "inspect", "delete");
    }
}
