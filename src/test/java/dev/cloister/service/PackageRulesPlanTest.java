package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Host maintenance stays host-side, PAM is shared, -P adds files, ReadWritePaths= on shared config. */
class PackageRulesPlanTest {
    @TempDir
    Path tmp;
    private FakeHost host;

    @BeforeEach
    void setUp() {
        host = new FakeHost(tmp).write("/usr/lib/systemd/system/kv.service", """
                [Service]
                ReadWritePaths=-/var/lib/kv
                ReadWriteDirectories=-/etc/kv
                PIDFile=/var/run/kv/kv.pid
                """)
                .write("/etc/kv/kv.conf", "x").write("/etc/logrotate.d/kv", "x").write("/etc/cron.d/kv", "x")
                .write("/etc/pam.d/kv", "x").write("/var/lib/kv/seed.db", "x").write("/etc/kv-extra/extra.conf", "x")
                .answer("kv: /lib/systemd/system/kv.service\n", "-S", "/lib/systemd/system/kv.service")
                .answer("/.\n/etc\n/etc/kv\n/etc/kv/kv.conf\n/etc/logrotate.d\n/etc/logrotate.d/kv\n/etc/cron.d/kv\n"
                        + "/etc/pam.d\n/etc/pam.d/kv\n/var/lib/kv\n/var/lib/kv/seed.db\n/lib/systemd/system/kv.service\n",
                        "-L", "kv")
                .answer("/.\n/etc/kv-extra\n/etc/kv-extra/extra.conf\n", "-L", "kv-extra");
    }

    private ServiceLayout plan(boolean copy) {
        return new ServicePlanner(tmp, host.dpkg(), host.files())
                .plan(new ServiceRequest("box", List.of("kv"), List.of("kv-extra"), copy));
    }

    @Test
    void withCopyEverythingTheServiceOwnsIsPrivateButPamAndMaintenanceAreNot() {
        ServiceLayout layout = plan(true);

        assertThat(layout.privatePaths()).extracting(p -> p.path() + " " + p.origin()).containsExactly(
                "/etc/kv COPY_FROM_HOST", "/etc/kv-extra COPY_FROM_HOST", "/run/kv CREATE_AT_BOOT", "/var/lib/kv COPY_FROM_HOST");
        assertThat(layout.sharedPaths()).containsExactly(new SharedPath(Path.of("/etc/pam.d/kv"), "package kv ships /etc/pam.d/kv"));
        assertThat(layout.dropIns()).isEmpty();
    }

    @Test
    void withoutCopyPackageFilesInStateAreSharedNotPlaceholdersAndReadOnlyConfigIsTakenOutOfReadWritePaths() {
        ServiceLayout layout = plan(false);

        assertThat(layout.privatePaths()).extracting(p -> p.path() + " " + p.kind() + " " + p.origin()).containsExactly(
                "/run/kv DIRECTORY CREATE_AT_BOOT", "/var/lib/kv DIRECTORY CREATE_EMPTY");
        assertThat(layout.sharedPaths()).extracting(SharedPath::path).containsExactly(Path.of("/etc/kv"),
                Path.of("/etc/kv-extra"), Path.of("/etc/pam.d/kv"), Path.of("/var/lib/kv/seed.db"));
        assertThat(layout.dropIns()).containsExactly(new DropIn("kv.service", "50-cloister-read-only.conf", """
                # Added by cloister: -/etc/kv is shared read-only from the host
                # in this sandbox (created without -C). systemd cannot make it writable here and
                # would fail the unit, so it is left out; recreate the sandbox with -C to allow writes.
                [Service]
                ReadWritePaths=
                ReadWritePaths=-/var/lib/kv
                """));
        assertThat(layout.notes()).contains("kv.service may write to -/etc/kv, which is read-only without -C; writes there will fail");
    }

    @Test
    void pathsInsideTheSharedEtcDirectoriesStayTheHostsWithANote() {
        host.write("/etc/ssl/certs/kv.pem", "x").write("/etc/alternatives/README", "x")
                .answer("/.\n/etc/kv-extra\n/etc/kv-extra/extra.conf\n/etc/ssl/certs/kv.pem\n", "-L", "kv-extra");

        ServiceLayout layout = plan(true);

        assertThat(layout.privatePaths()).extracting(PrivatePath::path).doesNotContain(Path.of("/etc/ssl/certs/kv.pem"))
                .contains(Path.of("/etc/kv-extra"));
        assertThat(layout.sharedPaths()).extracting(SharedPath::path).doesNotContain(Path.of("/etc/ssl/certs/kv.pem"));
        assertThat(layout.notes()).contains("/etc/ssl/certs is shared read-only from the host in every sandbox "
                + "(it follows /usr), so /etc/ssl/certs/kv.pem stay the host's");
    }
}
