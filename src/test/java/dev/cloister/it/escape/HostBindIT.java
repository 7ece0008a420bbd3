package dev.cloister.it.escape;

import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 12: {@code -m host-bind:} sources that would hand root inside the host (its
 * system, kernel interfaces, cloister's store, a host secret) are refused at create and when a
 * hand-edited config is compiled, each with the reason; an ordinary data directory still binds.
 */
@Tag("root")
class HostBindIT {
    static Cloister c;

    @BeforeAll
    static void instance() throws Exception {
        c = Cloister.create();
    }

    @AfterAll
    static void cleanup() throws Exception {
        Cloister.closeAndReport(c);
    }

    @Test
    void dangerousSourcesAreRefusedAtCreateWithTheReason() throws Exception {
        List<String> sources = List.of("/", "/proc", "/sys", "/dev", "/etc/shadow", "/etc", "/usr/local",
                c.root.resolve("var/lib/cloister").toString(), c.root.toString());
        List<String> results = new ArrayList<>();
        int i = 0;
        for (String source : sources) {
            String name = "clst-test-bind-" + i++;
            // the attack: a sandbox whose root reads (and writes) the source, here the shadow file
            Result r = c.run("create", "-N", "none", "-m", "host-bind:/mnt/x=" + source, name, "--", "/bin/cat", "/mnt/x");
            assertThat(r.exit()).as("create with host-bind %s: %s", source, r).isNotZero();
            assertThat(r.err()).as("why %s is refused", source).contains("refused:");
            assertThat(c.tree(name)).as("nothing of the refused create is left").doesNotExist();
            results.add(source + ": " + r.err().strip().replaceFirst("(?s)^.*refused: ", ""));
        }
        // control: an ordinary data directory binds, and root inside reads what the host put there
        Path data = Files.createDirectories(c.root.resolve("clst-test-data"));
        Files.writeString(data.resolve("marker"), "clst-host-data\n");
        c.run("create", "-N", "none", "-m", "host-bind:/mnt/x=" + data, "clst-test-bind-ok", "--", "/bin/cat", "/mnt/x/marker")
                .assertOk();
        Result read = c.run("start", "--attach", "clst-test-bind-ok");
        assertThat(read.assertOk().out()).contains("clst-host-data");
        Attack.note("-m host-bind: of /, /proc, /sys, /dev, /etc/shadow, /etc, /usr/local, the store", "blocked: create"
                + " refused " + sources.size() + " of " + sources.size() + " (" + String.join("; ", results) + ") |"
                + " control: a data directory binds and root inside read its marker | HostBindSources at create and"
                + " at every compile");
    }

    @Test
    void aHandEditedConfigClaimingASecretIsRefusedAtUpgrade() throws Exception {
        String name = "clst-test-bind-edit";
        c.run("create", "-N", "none", name, "--", "/bin/cat", "/mnt/x").assertOk();
        Path conf = c.root.resolve("etc/cloister/" + name + ".conf");
        Files.writeString(conf, Files.readString(conf) + "\n[Mount]\nHostBind=/mnt/x=/etc/shadow\n");
        Result up = c.run("upgrade", name);
        assertThat(up.exit()).as("upgrade of a config binding /etc/shadow: %s", up).isNotZero();
        assertThat(up.err()).contains("refused:").contains("/etc/shadow");
        Result start = c.run("start", "--attach", name);
        assertThat(start.exit()).as("start of that config (plan older than the config: compiled again)").isNotZero();
        assertThat(start.out()).doesNotContain("root:");
        Attack.note("hand-edited HostBind=/etc/shadow, then upgrade / start", "blocked: both refused ("
                + up.err().strip() + ")");
    }
}
