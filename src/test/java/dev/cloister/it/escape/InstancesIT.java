package dev.cloister.it.escape;

import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 6: two cloister instances on one host (different CLOISTER_ROOT) never hand out
 * the same uid range nor fight over a cgroup, and a config claiming another sandbox's range is
 * refused at upgrade and at start.
 */
@Tag("root")
class InstancesIT {
    /** The same name in both instances: what two concurrent test suites do. */
    static final String NAME = "clst-test-inst";
    static Cloister one;
    static Cloister two;

    @BeforeAll
    static void instances() throws Exception {
        one = Cloister.create();
        two = Cloister.create();
    }

    @AfterAll
    static void cleanup() throws Exception {
        try {
            if (one != null) {
                one.close();
            }
        } finally {
            try {
                if (two != null) {
                    two.close();
                }
            } finally {
                Attack.writeReport();
            }
        }
    }

    private static long uidBase(Cloister c, String name) throws Exception {
        String conf = Files.readString(c.root.resolve("etc/cloister/" + name + ".conf"));
        return Long.parseLong(conf.replaceFirst("(?s).*\\bUidBase\\s*=\\s*(\\d+).*", "$1"));
    }

    /** The outside uid of root inside, as the kernel has it (uid_map of the running PID 1). */
    private static long hostUidOfRoot(Cloister c, String name) throws Exception {
        Result r = c.exec(name, "/bin/cat", "/proc/1/uid_map").assertOk();
        return Long.parseLong(r.out().strip().split("\\s+")[1]);
    }

    @Test
    void twoInstancesGetDistinctRangesAndCgroupsAndBothRun() throws Exception {
        String cmd = "/bin/sleep";
        one.run("create", "-N", "none", NAME, "--", cmd, "60").assertOk();
        two.run("create", "-N", "none", NAME, "--", cmd, "60").assertOk();
        long a = uidBase(one, NAME);
        long b = uidBase(two, NAME);
        assertThat(a).as("uid bases of two instances' sandboxes").isNotEqualTo(b);
        one.run("start", NAME).assertOk();
        Result second = two.run("start", NAME);
        assertThat(second.exit()).as("the same sandbox name started in a second instance (cgroup names): %s", second)
                .isZero();
        long ua = hostUidOfRoot(one, NAME);
        long ub = hostUidOfRoot(two, NAME);
        assertThat(ua).isEqualTo(a);
        assertThat(ub).isEqualTo(b);
        // control: what the kernel says is what the detector compares: equal bases would show as equal uids
        assertThat(hostUidOfRoot(one, NAME)).isEqualTo(ua);
        assertThat(Path.of("/var/lib/cloister-uid-ranges").resolve(String.format("%08x", a))).exists();
        Attack.note("two instances (CLOISTER_ROOT) hand out the same uid range / cgroup", "blocked: root inside runs as"
                + " host uid 0x" + Long.toHexString(ua) + " and 0x" + Long.toHexString(ub) + "; both started with one"
                + " name (cgroups tagged by instance) | host-wide claims in /var/lib/cloister-uid-ranges (before:"
                + " both 0x70000000, and the second start failed: \"cgroup ... exists and has processes\")");
        one.run("stop", NAME).assertOk();
        two.run("stop", NAME).assertOk();
    }

    @Test
    void aConfigClaimingAnotherSandboxsRangeIsRefusedAtUpgradeAndStart() throws Exception {
        String victim = "clst-test-inst-v";
        String thief = "clst-test-inst-t";
        one.run("create", "-N", "none", victim, "--", "/bin/true").assertOk();
        two.run("create", "-N", "none", thief, "--", "/bin/true").assertOk();
        long taken = uidBase(one, victim);
        long own = uidBase(two, thief);
        Path conf = two.root.resolve("etc/cloister/" + thief + ".conf");
        String original = Files.readString(conf);
        // control: an edit that keeps its own UidBase is accepted, so a refusal below is the claim's
        Files.writeString(conf, original.replaceFirst("UidBase\\s*=\\s*\\d+", "UidBase = " + own) + "\n");
        two.run("upgrade", thief).assertOk();
        Files.writeString(conf, original.replaceFirst("UidBase\\s*=\\s*\\d+", "UidBase = " + taken));
        Result up = two.run("upgrade", thief);
        assertThat(up.exit()).as("upgrade with another sandbox's UidBase: %s", up).isNotZero();
        assertThat(up.err()).contains("is the uid range of sandbox '" + victim + "'");
        Files.setLastModifiedTime(conf, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 2000));
        Result start = two.run("start", thief);
        assertThat(start.exit()).as("start with another sandbox's UidBase: %s", start).isNotZero();
        assertThat(start.err()).contains("is the uid range of sandbox '" + victim + "'");
        Attack.note("hand-edited UidBase= of another sandbox (another instance), then upgrade / start", "blocked: both"
                + " refused (" + up.err().strip() + ") | control: an edit keeping its own UidBase upgrades");
        Files.writeString(conf, original);
    }
}
