package dev.cloister.plan;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One op vocabulary in three places, kept in agreement (systemd's test-nspawn-tables.c is the model): the helper's op
 * table (`cloister-helper ops`, the table its parser uses), the ops Java writes (every plan of the
 * {@link PlanMatrix}) and the op tables of docs/plan-format.md. Tagged host, as the matrix is.
 */
@Tag("host")
class OpTablesAgreeTest {
    private static final Path HELPER = Path.of("build/cloister-helper").toAbsolutePath();
    /** A table row of plan-format.md that documents an op: "| `OP FIELD…` | meaning |". */
    private static final Pattern DOC_ROW = Pattern.compile("(?m)^\\| `([a-z0-9-]+)[ `]");
    /**
     * Ops the helper accepts that no matrix plan writes, each with the reason it stays. Empty now: every op is
     * written by some plan. An entry here needs a reason, and the test fails when the matrix starts writing it.
     */
    private static final Map<String, String> NOT_EMITTED = Map.of();

    @TempDir
    static Path tmp;
    private static Set<String> helper;
    private static Set<String> emitted;

    @BeforeAll
    static void collect() throws Exception {
        assertThat(HELPER).as("the helper is built first (make)").isExecutable();
        helper = helperOps();
        PlanMatrix matrix = new PlanMatrix();
        emitted = new TreeSet<>();
        for (PlanMatrix.Entry entry : PlanMatrix.entries().toList()) {
            String text = matrix.render(entry, Files.createTempDirectory(tmp, "entry"));
            text.lines().skip(1).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(l -> emitted.add(l.split(" ", 2)[0]));
        }
    }

    @Test
    void everyOpJavaWritesIsInTheHelpersTable() {
        assertThat(emitted).as("ops Java writes").isNotEmpty().isSubsetOf(helper);
    }

    @Test
    void theHelpersTableAndPlanFormatMdListTheSameOps() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = DOC_ROW.matcher(Files.readString(Path.of("docs/plan-format.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        assertThat(documented).as("ops documented in docs/plan-format.md").containsExactlyInAnyOrderElementsOf(helper);
    }

    @Test
    void everyOpOfTheHelperIsWrittenBySomePlanOrSaysWhyNot() {
        Set<String> unwritten = new TreeSet<>(helper);
        unwritten.removeAll(emitted);
        assertThat(unwritten).as("ops no plan of the matrix writes").containsExactlyInAnyOrderElementsOf(NOT_EMITTED.keySet());
    }

    private static Set<String> helperOps() throws Exception {
        Process ops = new ProcessBuilder(HELPER.toString(), "ops").redirectErrorStream(true).start();
        String out = new String(ops.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ops.waitFor()).as("cloister-helper ops said %s", out).isZero();
        Set<String> names = new TreeSet<>(out.lines().toList());
        assertThat(names).as("one op per line, each once").hasSize((int) out.lines().count()).allMatch(n -> n.matches("[a-z0-9-]+"));
        return names;
    }
}
