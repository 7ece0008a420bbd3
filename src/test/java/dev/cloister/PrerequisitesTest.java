package dev.cloister;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A missing prerequisite fails and names a package .ci/setup installs; only the kernel's gaps skip. */
class PrerequisitesTest {
    /** A bash array of .ci/setup: `name=(pkg pkg …)`. */
    private static final Pattern ARRAY = Pattern.compile("(?m)^[a-z]+=\\(([^)]*)\\)");

    @Test
    void everyPackageATestMayRequireIsInstalledByCiSetup() throws Exception {
        Set<String> installed = new HashSet<>();
        Matcher m = ARRAY.matcher(Files.readString(Path.of(".ci/setup")));
        while (m.find()) {
            installed.addAll(List.of(m.group(1).trim().split("\\s+")));
        }
        assertThat(installed).as(".ci/setup's packages").contains("apache2", "gcc");
        assertThat(installed).containsAll(Prerequisites.CI_PACKAGES);
        assertThat(Prerequisites.CI_PACKAGES).containsAll(Prerequisites.UNITS.values())
                .containsAll(Prerequisites.PROGRAMS.values());
    }

    /** Every unit and program a test requires by name has its package, so no test learns it only at its run. */
    @Test
    void everyUnitAndProgramTheTestsRequireHasAPackage() throws Exception {
        Pattern named = Pattern.compile("Prerequisites\\.require(Unit|Program)\\(\"([^\"]+)\"");
        Set<String> units = new HashSet<>();
        Set<String> programs = new HashSet<>();
        try (var files = Files.walk(Path.of("src/test/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.endsWith("PrerequisitesTest.java")).toList()) {
                Matcher m = named.matcher(Files.readString(f));
                while (m.find()) {
                    (m.group(1).equals("Unit") ? units : programs).add(m.group(2));
                }
            }
        }
        assertThat(units).contains("apache2", "ssh");
        assertThat(Prerequisites.UNITS).containsKeys(units.toArray(String[]::new));
        assertThat(Prerequisites.PROGRAMS).containsKeys(programs.toArray(String[]::new));
    }

    @Test
    void aMissingPrerequisiteFailsAndNamesItsPackage() {
        assertThatThrownBy(() -> Prerequisites.requireFile(Path.of("/nonexistent/clst-test"), "busybox"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("/nonexistent/clst-test is missing: install busybox (.ci/setup installs it)");
        assertThatThrownBy(() -> Prerequisites.requireFile(Path.of("/"), "no-such-package"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(".ci/setup");
        assertThatThrownBy(() -> Prerequisites.requireUnit("clst-test-unit"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no package known");
    }

    @Test
    void onlyWhatTheKernelCannotOfferSkipsAndTheReasonIsPrinted() {
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            Prerequisites.kernelOffers(true, "never printed");
            assertThatThrownBy(() -> Prerequisites.kernelOffers(false, "no CONFIG_CLST_TEST"))
                    .isInstanceOf(TestAbortedException.class).hasMessageContaining("no CONFIG_CLST_TEST");
        } finally {
            System.setOut(saved);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo("SKIPPED (the kernel cannot offer it) "
                + "PrerequisitesTest.onlyWhatTheKernelCannotOfferSkipsAndTheReasonIsPrinted: no CONFIG_CLST_TEST"
                + System.lineSeparator());
    }
}
