package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.HostTraces;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What could only fail at start is refused at create and at upgrade, saying what to change, leaving nothing. */
@Tag("root")
class CreateTimeChecksIT {

    @Test
    void hostBindSourcesThatCannotBeBoundAreRefusedAtCreate() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            Path dir = Files.createDirectories(c.root.resolve("shared"));
            Path link = Files.createSymbolicLink(c.root.resolve("link"), dir);
            assertRefused(c, c.root.resolve("missing").toString(), "does not exist — create it on the host first");
            assertRefused(c, link.toString(), "it is a symbolic link — give the path it leads to (" + dir + ")");
            assertRefused(c, link + "/sub", link + " is a symbolic link");
            assertRefused(c, "/proc/sys", "/proc/sys lies in /proc: kernel, device and host-service interfaces");
            c.run("create", "-N", "none", "-m", "host-bind:/mnt/x=" + dir, "clst-hb", "--", "/bin/true").assertOk();
        }
    }

    @Test
    void staticAddressesOutsideTheSubnetOrTakenAreRefusedAtCreateAndUpgrade() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("network", "create", "tcc", "--subnet", "10.213.91.0/24").assertOk();
            c.run("create", "-N", "source=tcc,address=10.213.91.7/24", "clst-one", "--", "/bin/true").assertOk();
            assertThat(c.run("create", "-N", "source=tcc,address=10.99.0.5/24", "clst-out", "--", "/bin/true").err())
                    .contains("10.99.0.5/24 is outside network tcc's subnet 10.213.91.0/24", "add one, e.g. address=");
            assertThat(c.run("create", "-N", "source=tcc,address=10.213.91.7/24", "clst-two", "--", "/bin/true").err())
                    .contains("10.213.91.7 on network tcc is already used by sandbox clst-one");
            assertThat(new HostTraces(c.root).of("clst-two")).as("a refused create leaves nothing").isEmpty();

            c.run("create", "-N", "source=tcc,address=10.213.91.8/24", "clst-two", "--", "/bin/true").assertOk();
            Path config = c.root.resolve("etc/cloister/clst-two.conf");
            Files.writeString(config, Files.readString(config).replace("10.213.91.8/24", "10.213.91.7/24"));
            assertThat(c.run("upgrade", "clst-two").err()).contains("already used by sandbox clst-one");
            Files.writeString(config, Files.readString(config).replace("10.213.91.7/24", "10.213.91.9/24")
                    + "\n[Mount]\nHostBind=/mnt/y=" + c.root.resolve("gone") + "\n");
            assertThat(c.run("upgrade", "clst-two").err()).contains("HostBind=/mnt/y=" + c.root.resolve("gone"),
                    "does not exist");
            Files.writeString(config, Files.readString(config).replace("HostBind=/mnt/y=" + c.root.resolve("gone"), ""));
            c.run("upgrade", "clst-two").assertOk();
            assertThat(c.run("network", "inspect", "tcc").assertOk().out()).as("the lease follows the edit")
                    .contains("10.213.91.9=clst-two").doesNotContain("10.213.91.8");
        }
    }

    private static void assertRefused(CloisterInstance c, String source, String why) throws Exception {
        CloisterInstance.Result r = c.run("create", "-N", "none", "-m", "host-bind:/mnt/x=" + source, "clst-hb", "--",
                "/bin/true");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("-m host-bind:/mnt/x=" + source + ": the source " + source + " cannot be used: ", why);
        assertThat(new HostTraces(c.root).of("clst-hb")).as("a refused create leaves nothing").isEmpty();
    }
}
