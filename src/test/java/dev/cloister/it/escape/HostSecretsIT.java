package dev.cloister.it.escape;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 2: root inside a service sandbox reads every file the host's private keys would
 * be at (ssh host keys, the TLS key a maintainer script generated), with and without -C and in a
 * clone, and compares it with the host's: never the same bytes. Control: a world-readable host
 * file the sandbox legitimately gets (copied or shared) is read inside byte for byte, so a host
 * key handed over the same way would have been seen.
 */
@Tag("root")
class HostSecretsIT {
    static final List<Path> KEYS = List.of(Path.of("/etc/ssh/ssh_host_ed25519_key"), Path.of("/etc/ssh/ssh_host_ecdsa_key"),
            Path.of("/etc/ssh/ssh_host_rsa_key"), Path.of("/etc/ssl/private/ssl-cert-snakeoil.key"));
    static Cloister c;

    @BeforeAll
    static void instance() throws Exception {
        Prerequisites.requireUnit("ssh");
        Prerequisites.requireCiSetup(Files.exists(Path.of("/etc/ssh/ssh_host_ed25519_key")), "the host's ssh host keys");
        c = Cloister.create();
    }

    @AfterAll
    static void cleanup() throws Exception {
        Cloister.closeAndReport(c);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** sha256 of each of PATHS as root inside reads it ("absent" when it cannot be read). */
    private static List<String> inside(String name, List<Path> paths) throws Exception {
        List<String> sums = new ArrayList<>();
        for (Path p : paths) {
            Result r = c.sh(name, "sha256sum " + p + " 2>/dev/null | cut -d' ' -f1");
            sums.add(r.out().strip().isEmpty() ? "absent" : r.out().strip());
        }
        return sums;
    }

    private static List<String> onHost(List<Path> paths) throws Exception {
        List<String> sums = new ArrayList<>();
        for (Path p : paths) {
            sums.add(Files.exists(p) ? sha256(Files.readAllBytes(p)) : "absent-on-host");
        }
        return sums;
    }

    /** The attack for one sandbox: no host key inside, and the control file identical. */
    private static String attack(String name, Path control) throws Exception {
        List<String> host = onHost(KEYS);
        List<String> in = inside(name, KEYS);
        int matched = 0;
        for (int i = 0; i < KEYS.size(); i++) {
            if (!host.get(i).startsWith("absent") && host.get(i).equals(in.get(i))) {
                matched++;
            }
        }
        long generated = in.stream().filter(s -> !s.equals("absent")).count();
        assertThat(matched).as("host private keys readable inside %s (%s vs host %s)", name, in, host).isZero();
        // control: the same read of a file the sandbox shares or copies from the host finds the host's bytes
        assertThat(inside(name, List.of(control))).as("control: %s inside %s is the host's", control, name)
                .isEqualTo(onHost(List.of(control)));
        return name + ": 0 of " + KEYS.size() + " host keys, " + generated + " keys of its own";
    }

    @Test
    void noHostPrivateKeyReachesASandboxWithOrWithoutCopyNorAClone() throws Exception {
        c.run("create", "-u", "ssh", "-u", "apache2", "clst-test-sec-shared").assertOk();
        c.run("create", "-C", "-u", "ssh", "-u", "apache2", "clst-test-sec-copy").assertOk();
        c.run("start", "clst-test-sec-shared").assertOk();
        c.run("start", "clst-test-sec-copy").assertOk();
        Path control = Path.of("/etc/ssh/sshd_config");
        List<String> results = new ArrayList<>();
        results.add(attack("clst-test-sec-shared", control));
        results.add(attack("clst-test-sec-copy", control));
        List<String> original = inside("clst-test-sec-copy", KEYS);

        c.run("stop", "clst-test-sec-copy").assertOk();
        c.run("clone", "clst-test-sec-copy", "clst-test-sec-clone").assertOk();
        c.run("start", "clst-test-sec-clone").assertOk();
        results.add(attack("clst-test-sec-clone", control));
        List<String> cloned = inside("clst-test-sec-clone", KEYS);
        for (int i = 0; i < KEYS.size(); i++) {
            if (!original.get(i).equals("absent")) {
                assertThat(cloned.get(i)).as("the clone's %s is its own, not its source's", KEYS.get(i))
                        .isNotEqualTo(original.get(i));
            }
        }
        Result notes = c.run("inspect", "clst-test-sec-shared");
        assertThat(notes.out()).contains("the host's /etc/ssh/ssh_host_ed25519_key is private to the host");
        Attack.note("host private keys (ssh host keys, the snakeoil TLS key) in a service sandbox, -C or not, and in"
                + " a clone", "blocked: " + String.join("; ", results) + "; the clone's keys differ from its source's |"
                + " control: " + control + " inside is the host's byte for byte | HostSecrets: files not world-readable"
                + " and shipped by no package are never copied or shared; keys, their .pub and certificates are"
                + " generated for the sandbox (SecretFiles)");
        for (String n : List.of("clst-test-sec-shared", "clst-test-sec-clone")) {
            c.run("stop", n).assertOk();
        }
    }
}
