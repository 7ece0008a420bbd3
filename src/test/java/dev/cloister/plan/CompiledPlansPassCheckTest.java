package dev.cloister.plan;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plans Java compiles, fed to the helper's own parser: `cloister-helper check` accepts the start.plan of every
 * sandbox of the {@link PlanMatrix}. Tagged host: the matrix plans apache2 from this machine's package database.
 */
@Tag("host")
class CompiledPlansPassCheckTest {
    private static final Path HELPER = Path.of("build/cloister-helper").toAbsolutePath();

    @TempDir
    static Path tmp;
    private static PlanMatrix matrix;

    static Stream<PlanMatrix.Entry> matrix() {
        return PlanMatrix.entries();
    }

    @BeforeAll
    static void setUp() {
        assertThat(HELPER).as("the helper is built first (make)").isExecutable();
        matrix = new PlanMatrix();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void checkAcceptsTheCompiledPlan(PlanMatrix.Entry entry) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "entry");
        String text = matrix.render(entry, dir);
        Path planFile = dir.resolve("start.plan");
        Files.writeString(planFile, text);

        Process check = new ProcessBuilder(HELPER.toString(), "check", planFile.toString()).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(check.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as("check of\n%s\nsaid %s", text, err).isZero();
        assertThat(out).startsWith(planFile + ": ok, " + text.lines().count() + " lines, ");
        // the matrix reaches the helper: each axis shows in the plan it accepted
        assertThat(text.contains("\nselinux-exec ")).isEqualTo(entry.selinux());
        assertThat(text.contains("\ntree-image ")).isEqualTo(entry.storage());
        assertThat(text.contains(" pids.max 512\n")).isEqualTo(entry.limits());
        assertThat(text.contains("\nsystemd-unit ")).isEqualTo(entry.cgroups() == PlanMatrix.Cgroups.SYSTEMD);
        assertThat(text.contains("\ncgroup1 ")).isEqualTo(entry.cgroups() == PlanMatrix.Cgroups.CGROUPFS_V1);
        assertThat(text.contains("\nnotify-socket ")).isEqualTo(entry.service());
        assertThat(text.contains("\nnotify-timeout 90\n")).isEqualTo(entry.service());
        assertThat(text.contains("\nveth ")).isEqualTo(!entry.network().equals("none"));
        // every op explains itself: the line above each op line is its reason
        List<String> lines = text.lines().toList();
        for (int i = 2; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("#")) {
                assertThat(lines.get(i - 1)).as("the line above '%s'", lines.get(i)).startsWith("# why: ");
            }
        }
    }
}
