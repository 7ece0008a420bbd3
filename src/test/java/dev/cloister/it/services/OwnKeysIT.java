package dev.cloister.it.services;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services that need a key the host keeps private work with the one their sandbox got instead
 * (issue 14, item 2): sshd answers and lets a key in, dovecot speaks TLS, apache2 serves https,
 * each proven by a real client on the host, which also checks that what the service presents is
 * not the host's key.
 */
@Tag("root")
class OwnKeysIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** The public key (SPKI, PEM) the TLS server at ADDRESS presents, via openssl s_client. */
    private static String servedPublicKey(Sandboxes s, String... connect) throws Exception {
        String cmd = "echo | openssl s_client " + String.join(" ", connect) + " 2>/dev/null | openssl x509 -noout -pubkey";
        Result r = s.client(PATIENCE, Map.of(), "/bin/sh", "-c", cmd);
        assertThat(r.exit()).as("TLS handshake: %s %s", r.out(), r.err()).isZero();
        return r.out().strip();
    }

    private static String hostSnakeoilPublicKey() throws Exception {
        Process p = new ProcessBuilder("openssl", "x509", "-in", "/etc/ssl/certs/ssl-cert-snakeoil.pem", "-noout", "-pubkey")
                .start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertThat(p.waitFor()).isZero();
        return out;
    }

    @Test
    void sshdAnswersWithItsOwnHostKeyAndLetsAKeyIn() throws Exception {
        Prerequisites.requireUnit("ssh");
        Prerequisites.requireProgram("ssh");   // ssh-keygen too
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-sshd";
            s.cloister("create", "-u", "ssh", name).assertOk();
            Path dir = Files.createTempDirectory("clst-test-sshkey");
            try {
                Path key = dir.resolve("id");
                new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()).start().waitFor();
                Path ssh = Files.createDirectories(s.file(name, "/root/.ssh"));
                Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
                Files.copy(key.resolveSibling("id.pub"), ssh.resolve("authorized_keys"));
                s.cloister("start", name).assertOk();
                String ip = s.address(name);
                Result login = s.client(PATIENCE, Map.of(), "ssh", "-i", key.toString(), "-o", "BatchMode=yes",
                        "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=5",
                        "root@" + ip, "hostname");
                assertThat(login.exit()).as("ssh login: %s %s %s", login.out(), login.err(), s.diagnostics(name)).isZero();
                assertThat(login.out().strip()).isEqualTo(name);
                Result scan = s.client(PATIENCE, Map.of(), "ssh-keyscan", "-T", "5", "-t", "ed25519", ip);
                String served = scan.out().strip().replaceFirst("^\\S+ ", "");
                String hostKey = Files.readString(Path.of("/etc/ssh/ssh_host_ed25519_key.pub")).strip();
                assertThat(served).as("the host key sshd presents").startsWith("ssh-ed25519 ")
                        .isNotEqualTo(hostKey.substring(0, hostKey.lastIndexOf(' ')));
                assertThat(hostKey).doesNotContain(served.split(" ")[1]);
            } finally {
                dev.cloister.tree.SafeDelete.deleteTree(dir);
            }
        }
    }

    @Test
    void dovecotSpeaksTlsWithACertificateOfItsOwn() throws Exception {
        Prerequisites.requireUnit("dovecot");
        Prerequisites.requireCiSetup(Files.exists(Path.of("/etc/ssl/private/ssl-cert-snakeoil.key")), "the host's snakeoil key");
        Prerequisites.requireProgram("openssl");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-imaps";
            s.createAndStart(name, true, "dovecot");
            String served = servedPublicKey(s, "-connect", s.address(name) + ":143", "-starttls", "imap");
            assertThat(served).as("dovecot's key").startsWith("-----BEGIN PUBLIC KEY-----")
                    .isNotEqualTo(hostSnakeoilPublicKey());
        }
    }

    @Test
    void apache2ServesHttpsWithACertificateOfItsOwn() throws Exception {
        Prerequisites.requireUnit("apache2");
        Prerequisites.requireProgram("curl");
        Prerequisites.requireCiSetup(Files.exists(Path.of("/etc/ssl/private/ssl-cert-snakeoil.key")), "the host's snakeoil key");
        Prerequisites.requireProgram("openssl");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-https";
            s.createAndStart(name, true, "apache2");
            s.inside(name, "a2enmod", "-q", "ssl").assertOk();
            s.inside(name, "a2ensite", "-q", "default-ssl").assertOk();
            s.inside(name, "systemctl", "restart", "apache2").assertOk();
            Files.writeString(s.file(name, "/var/www/html/clst.html"), "clst tls page\n");
            Result r = s.client(PATIENCE, Map.of(), "curl", "-sSfk", "-m", "5", "https://" + s.address(name) + "/clst.html");
            assertThat(r.exit()).as("curl https: %s %s", r.err(), s.diagnostics(name)).isZero();
            assertThat(r.out()).isEqualTo("clst tls page\n");
            assertThat(servedPublicKey(s, "-connect", s.address(name) + ":443")).isNotEqualTo(hostSnakeoilPublicKey());
        }
    }
}
