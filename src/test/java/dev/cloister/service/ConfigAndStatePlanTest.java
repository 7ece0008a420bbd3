package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories the package's own configuration names (a document root that another package or
 * a maintainer script made), state the package initialised on the host (a database cluster),
 * and configuration naming files the sandbox will not have.
 */
class ConfigAndStatePlanTest {
    @TempDir
    Path tmp;
    private FakeHost host;

    @BeforeEach
    void setUp() throws Exception {
        host = new FakeHost(tmp)
                .write("/usr/lib/systemd/system/web.service", "[Service]\nExecStart=/usr/sbin/web\n")
                .write("/etc/web/web.conf", """
                        # root /var/www/commented;
                        root /var/www/site;
                        error_log /var/log/web/error.log;
                        spool "/var/mail/%u";
                        cache /var/cache/web-tmp/;
                        example /var/www/missing;
                        pid /run/web.pid;
                        tls_cert = </etc/web/private/web.pem
                        tls_key = </etc/web/secret.key
                        tls_ca = </etc/ssl/private/web-ca.key
                        """)
                .write("/etc/web/secret.key", "k").write("/etc/ssl/private/web-ca.key", "k")
                .write("/etc/web/private/access.rules", "allow all").owner("/etc/web/private/access.rules", 101, 104, 0640)
                .write("/etc/web/private/own.key", "-----BEGIN PRIVATE KEY-----\nMC4C\n-----END PRIVATE KEY-----\n")
                .owner("/etc/web/private/own.key", 101, 104, 0600)
                .owner("/etc/web/secret.key", 0, 0, 0600).owner("/etc/ssl/private/web-ca.key", 0, 0, 0600)
                .write("/var/www/site/index.html", "x").mkdir("/var/www/commented").mkdir("/var/mail")
                .mkdir("/var/cache/web-tmp").mkdir("/etc/web/private").write("/var/log/web/error.log", "")
                .write("/usr/lib/systemd/system/db.service", "[Service]\nUser=db\nExecStart=/usr/sbin/db\n")
                .write("/etc/passwd", "root:x:0:0::/root:/bin/sh\ndb:x:101:104::/var/lib/db:/bin/sh\n")
                .write("/etc/group", "root:x:0:\ndb:x:104:\n")
                .write("/var/lib/db/15/main/PG_VERSION", "15").write("/var/lib/db/README", "shipped")
                .owner("/var/lib/db", 101, 104, 0755).owner("/var/lib/db/15", 101, 104, 0755)
                .write("/var/lib/quiet/module/enabled", "x")
                .answer("web: /lib/systemd/system/web.service\n", "-S", "/lib/systemd/system/web.service")
                .answer("/.\n/etc\n/etc/web\n/etc/web/web.conf\n/etc/web/private\n/var/log/web\n"
                        + "/lib/systemd/system/web.service\n", "-L", "web")
                .answer("db: /lib/systemd/system/db.service\n", "-S", "/lib/systemd/system/db.service")
                .answer("/.\n/var/lib/db\n/var/lib/db/README\n/lib/systemd/system/db.service\n", "-L", "db")
                .answer("/.\n/var/lib/quiet\n", "-L", "quiet");
        Files.setPosixFilePermissions(host.root.resolve("etc/web/secret.key"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(host.root.resolve("etc/ssl/private/web-ca.key"),
                PosixFilePermissions.fromString("rw-------"));
    }

    private ServiceLayout plan(String unit, boolean copy, String... extra) {
        return new ServicePlanner(tmp, host.dpkg(), host.files())
                .plan(new ServiceRequest("box", List.of(unit), List.of(extra), copy));
    }

    @Test
    void existingStateDirectoriesNamedInThePackagesConfigurationArePrivate() {
        ServiceLayout layout = plan("web", true);

        assertThat(layout.privatePaths()).extracting(p -> p.path().toString()).contains("/var/www/site",
                "/var/cache/web-tmp").doesNotContain("/var/www/commented", "/var/mail", "/var/www/missing", "/var/www");
        PrivatePath root = layout.privatePaths().stream().filter(p -> p.path().equals(Path.of("/var/www/site")))
                .findFirst().orElseThrow();
        assertThat(root.origin()).isEqualTo(Origin.COPY_FROM_HOST);
        assertThat(root.reason()).isEqualTo("named in /etc/web/web.conf (configuration of package web): 'root /var/www/site;'");
        // A named log file's directory was already the package's: the first, more direct reason stays.
        assertThat(layout.privatePaths()).filteredOn(p -> p.path().equals(Path.of("/var/log/web")))
                .extracting(PrivatePath::reason).containsExactly("package web ships /var/log/web");
    }

    @Test
    void withoutCopyTheNamedDirectoryIsCreatedEmptyWithTheHostsOwner() {
        ServiceLayout layout = plan("web", false);

        assertThat(layout.privatePaths()).filteredOn(p -> p.path().equals(Path.of("/var/www/site")))
                .extracting(p -> p.kind() + " " + p.origin()).containsExactly("DIRECTORY CREATE_EMPTY");
    }

    @Test
    void theHostsPrivateFilesAreNeverCopiedOrSharedAndTheLayoutSaysSo() {
        for (boolean copy : new boolean[] {true, false}) {
            ServiceLayout layout = plan("web", copy);

            // named by the configuration outside anything carried, and inside the package's own /etc/web
            // host root's private files and every private key are the host's; what the service account keeps
            // to itself (access.rules) is the service's own and comes along
            assertThat(layout.secrets()).as("-C %s", copy).extracting(s -> s.path() + " " + s.kind() + " " + s.shared())
                    .containsExactlyInAnyOrder("/etc/web/secret.key WITHHELD " + !copy,
                            "/etc/ssl/private/web-ca.key WITHHELD false", "/etc/web/private/own.key PEM_KEY " + !copy);
            assertThat(layout.notes()).contains("the host's /etc/ssl/private/web-ca.key is private to the host (not "
                    + "world-readable, shipped by no package): the sandbox gets nothing (an empty file where the host's is "
                    + "shared), never the host's");
        }
    }

    @Test
    void stateThePackageInitialisedAsTheServiceAccountIsCopiedEvenWithoutCopy() {
        ServiceLayout layout = plan("db", false);

        PrivatePath data = layout.privatePaths().stream().filter(p -> p.path().equals(Path.of("/var/lib/db")))
                .findFirst().orElseThrow();
        assertThat(data.origin()).isEqualTo(Origin.COPY_FROM_HOST);
        assertThat(data.reason()).endsWith("copied without -C: the package initialised state here on the host "
                + "(/var/lib/db/15)");
        assertThat(layout.notes()).containsOnlyOnce("/var/lib/db is copied from the host although -C was not given: "
                + "the package initialised it there (/var/lib/db/15, owned by uid 101, is not shipped by the package) "
                + "and the service cannot start on an empty directory");
    }

    @Test
    void rootOwnedMaintainerStateStaysEmptyWithoutCopy() {
        ServiceLayout layout = plan("db", false, "quiet");

        assertThat(layout.privatePaths()).filteredOn(p -> p.path().equals(Path.of("/var/lib/quiet")))
                .extracting(PrivatePath::origin).containsExactly(Origin.CREATE_EMPTY);
    }
}
