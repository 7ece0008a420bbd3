package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** rpm output written by hand in the format rpm 4.18 prints on Fedora (LC_ALL=C). */
class RpmDatabaseTest {
    private static final Map<List<String>, CommandRunner.Result> ANSWERS = Map.of(
            List.of("rpm", "-qf", "--qf", "%{NAME}\\n", "/usr/lib/systemd/system/httpd.service"),
            ok("httpd\n"),
            List.of("rpm", "-qf", "--qf", "%{NAME}\\n", "/etc/nothing"),
            new CommandRunner.Result(1, "file /etc/nothing is not owned by any package\n", ""),
            List.of("rpm", "-ql", "httpd"),
            ok("/etc/httpd/conf\n/etc/httpd/conf/httpd.conf\n/etc/logrotate.d/httpd\n/usr/lib/systemd/system/httpd.service\n"
                    + "/var/log/httpd\n"),
            List.of("rpm", "-ql", "empty"), ok("(contains no files)\n"),
            List.of("rpm", "-ql", "nope"), new CommandRunner.Result(1, "package nope is not installed\n", ""),
            List.of("rpm", "-q", "--whatprovides", "--qf", "%{NAME}\\n", "webserver"), ok("httpd\nnginx\n"),
            List.of("rpm", "-q", "--whatprovides", "--qf", "%{NAME}\\n", "nothing"),
            new CommandRunner.Result(1, "no package provides nothing\n", ""),
            List.of("rpm", "-q", "--qf", "%{SOURCERPM}\\n", "mod_ssl"), ok("httpd-2.4.57-5.fc39.src.rpm\n"),
            List.of("rpm", "-q", "--qf", "%{SOURCERPM}\\n", "gpg-pubkey"), ok("(none)\n"));

    private final RpmDatabase rpm = new RpmDatabase(Path.of("/"),
            argv -> ANSWERS.getOrDefault(argv, new CommandRunner.Result(1, "", "unexpected " + argv)));

    private static CommandRunner.Result ok(String stdout) {
        return new CommandRunner.Result(0, stdout, "");
    }

    @Test
    void ownerOf() {
        assertThat(rpm.ownerOf(Path.of("/usr/lib/systemd/system/httpd.service"))).contains("httpd");
        assertThat(rpm.ownerOf(Path.of("/etc/nothing"))).isEmpty();
    }

    @Test
    void filesOf() {
        assertThat(rpm.filesOf("httpd")).contains(Path.of("/etc/httpd/conf/httpd.conf"), Path.of("/var/log/httpd"));
        assertThat(rpm.filesOf("empty")).isEmpty();
        assertThatThrownBy(() -> rpm.filesOf("nope")).hasMessage("package nope is not installed (rpm: package nope is not installed)");
    }

    @Test
    void providers() {
        assertThat(rpm.providers("webserver")).containsExactly("httpd", "nginx");
        assertThat(rpm.providers("nothing")).isEmpty();
    }

    @Test
    void sourceOfStripsVersionAndRelease() {
        assertThat(rpm.sourceOf("mod_ssl")).contains("httpd");
        assertThat(rpm.sourceOf("gpg-pubkey")).isEmpty();
    }

    @Test
    void aForeignRootIsPassedToRpm() {
        List<List<String>> seen = new java.util.ArrayList<>();
        new RpmDatabase(Path.of("/mnt/host"), argv -> {
            seen.add(argv);
            return ok("");
        }).filesOf("httpd");

        assertThat(seen).containsExactly(List.of("rpm", "--root=/mnt/host", "-ql", "httpd"));
    }
}
