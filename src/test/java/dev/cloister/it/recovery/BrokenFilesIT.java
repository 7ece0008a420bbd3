package dev.cloister.it.recovery;

import dev.cloister.it.CloisterInstance;
import dev.cloister.json.JsonReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** One damaged file is reported with FILE:LINE and never stops a command about another sandbox. */
@Tag("root")
class BrokenFilesIT {

    @Test
    void randomBytesInOneConfigBreakOnlyThatSandbox() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "-N", "none", "clst-good", "--", "/bin/echo", "fine").assertOk();
            c.run("create", "-N", "none", "clst-bad", "--", "/bin/true").assertOk();
            Object badUidBase = row(c, "clst-bad").get("uid_base");
            byte[] junk = new byte[300];
            new Random(13).nextBytes(junk);
            Path config = c.root.resolve("etc/cloister/clst-bad.conf");
            Files.write(config, junk);

            Map<String, Object> bad = row(c, "clst-bad");
            assertThat(bad.get("state")).isEqualTo("broken");
            assertThat(String.valueOf(bad.get("problem"))).matches(java.util.regex.Pattern.quote(config.toString())
                    + ":[0-9]+: .*");
            assertThat(row(c, "clst-good").get("state")).isEqualTo("defined");
            assertThat(c.run("list").assertOk().out()).contains("clst-good", "clst-bad", "broken");

            c.run("create", "-N", "none", "clst-new", "--", "/bin/true").assertOk();
            assertThat(row(c, "clst-new").get("uid_base")).as("the damaged sandbox keeps its ids").isNotEqualTo(badUidBase);
            c.run("clone", "clst-good", "clst-copy").assertOk();
            assertThat(c.run("start", "--attach", "clst-copy").assertOk().out()).contains("fine");
            assertThat(c.run("start", "clst-bad").err()).contains(config + ":");

            c.run("delete", "clst-bad").assertOk();
            assertThat(c.run("list").assertOk().out()).doesNotContain("clst-bad");
            assertThat(c.tree("clst-bad")).doesNotExist();
        }
    }

    @Test
    void damagedRecordsAndNetworkFilesAreNamedToo() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("network", "create", "tbf").assertOk();
            c.run("create", "-N", "source=tbf", "clst-onnet", "--", "/bin/true").assertOk();
            c.run("create", "-N", "none", "clst-rec", "--", "/bin/true").assertOk();
            c.run("create", "clst-plain", "--", "/bin/true").assertOk();
            Path exit = c.root.resolve("var/lib/cloister/.meta/clst-rec/exit");
            Files.write(exit, new byte[] {(byte) 0xff, (byte) 0xfe, 'x'});
            Path network = c.root.resolve("etc/cloister/networks/tbf.conf");
            String intact = Files.readString(network);
            Files.writeString(network, "name=tbf\nthis line is damaged\n");

            assertThat(row(c, "clst-rec").get("state")).isEqualTo("broken");
            assertThat(String.valueOf(row(c, "clst-rec").get("problem"))).startsWith(exit + ":1: ");
            assertThat(row(c, "clst-onnet").get("state")).isEqualTo("broken");
            assertThat(String.valueOf(row(c, "clst-onnet").get("problem"))).startsWith(network + ":2: ");
            assertThat(row(c, "clst-plain").get("state")).as("on the default network").isEqualTo("defined");
            c.run("create", "clst-more", "--", "/bin/true").assertOk();

            Files.delete(exit);   // what the message says to do
            assertThat(row(c, "clst-rec").get("state")).isEqualTo("defined");
            c.run("delete", "clst-onnet").assertOk();
            Files.writeString(network, intact);   // so that the instance's close deletes it
        }
    }

    private static Map<String, Object> row(CloisterInstance c, String name) throws Exception {
        for (Object o : (List<?>) JsonReader.read(c.run("list", "--json").assertOk().out())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) o;
            if (name.equals(row.get("name"))) {
                return row;
            }
        }
        throw new AssertionError(name + " is not listed");
    }
}
