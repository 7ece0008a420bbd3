package dev.cloister.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ready-check script against a fake systemctl and journalctl: which unit states fail a start. */
class ReadyCheckTest {
    @TempDir
    Path tmp;

    private record Outcome(int exit, String out) {
    }

    /** {@code show} prints what `systemctl show -p Id,Type,ActiveState` prints: a block per unit. */
    private Outcome run(String showOutput, String... units) throws Exception {
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.writeString(tmp.resolve("show.txt"), showOutput);
        script(bin.resolve("systemctl"), "cat " + tmp.resolve("show.txt"));
        script(bin.resolve("journalctl"), "echo \"log of $2\"");
        List<String> argv = new ArrayList<>(ServiceSteps.readyCheck(List.of(units)));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        return new Outcome(p.waitFor(), out);
    }

    private static void script(Path path, String body) throws Exception {
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void activeAndFinishedOneshotUnitsPass() throws Exception {
        Outcome o = run("Type=forking\nActiveState=active\nId=a.service\n\nType=oneshot\nActiveState=inactive\nId=b.service\n",
                "a.service", "b.service");

        assertThat(o.exit()).isZero();
        assertThat(o.out()).isEmpty();
    }

    @Test
    void eachFailedOrStoppedUnitIsNamedWithItsLog() throws Exception {
        Outcome o = run("Type=forking\nActiveState=failed\nId=a.service\n\nType=simple\nActiveState=active\nId=b.service\n\n"
                + "Type=simple\nActiveState=inactive\nId=c.service\n", "a.service", "b.service", "c.service");

        assertThat(o.exit()).isEqualTo(1);
        assertThat(o.out()).contains("unit a.service is failed", "log of a.service", "unit c.service is inactive",
                "log of c.service").doesNotContain("b.service");
    }

    @Test
    void journaldIsNotChecked() {
        assertThat(ServiceSteps.readyCheck(List.of("a.service", "systemd-journald.service"))).endsWith("a.service");
    }
}
