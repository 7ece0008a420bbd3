package dev.cloister.it.escape;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;
import dev.cloister.spec.KernelAccess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.cloister.it.escape.Attack.blocked;
import static dev.cloister.it.escape.Attack.control;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, items 3, 4 and 10: what of the kernel a sandbox may take. Nested user namespaces and
 * nf_tables are closed to a generic sandbox and bounded in a service sandbox, beyond root inside's
 * reach; a sandbox that takes every inotify instance, message-queue byte or pty it can leaves the
 * host and the other sandboxes theirs.
 */
@Tag("root")
class KernelLimitsIT {
    static final String G = "clst-test-kern-g";
    static final String G2 = "clst-test-kern-g2";
    static final String OPEN = "clst-test-kern-open";
    static final String S = "clst-test-kern-s";
    static Cloister c;
    static Path escape;

    @BeforeAll
    static void sandboxes() throws Exception {
        escape = Attack.program();
        c = Cloister.createWith(k -> {
            for (String name : List.of(G, G2)) {
                k.run("create", "-N", "none", name, "--", "/bin/sleep", "600").assertOk();
            }
            k.run("create", "-N", "none", "--nested-userns", "2", "--allow-nftables", OPEN, "--", "/bin/sleep", "600")
                    .assertOk();
            k.run("create", "-u", "apache2", S).assertOk();
            for (String name : List.of(G, G2, OPEN, S)) {
                k.install(name, escape);
                k.run("start", name).assertOk();
            }
        });
    }

    @AfterAll
    static void cleanup() throws Exception {
        Cloister.closeAndReport(c);
    }

    /** How many of TRIES nested user namespaces root inside NAME holds at once (each released again). */
    private static int nestedUserNamespaces(String name, int tries) throws Exception {
        Result r = c.sh(name, "pids=; for i in $(seq " + tries + "); do unshare -U sh -c 'echo NS; exec sleep 30'"
                + " > /tmp/clst-ns.$i 2>&1 & pids=\"$pids $!\"; done; sleep 1; n=$(cat /tmp/clst-ns.* | grep -c '^NS');"
                + " kill $pids 2>/dev/null; wait; rm -f /tmp/clst-ns.*; echo NESTED $n");
        return Integer.parseInt(r.out().lines().filter(l -> l.startsWith("NESTED ")).findFirst().orElseThrow().substring(7));
    }

    @Test
    void nestedUserNamespacesAreClosedInAGenericSandboxAndBoundedInAServiceSandbox() throws Exception {
        assertThat(nestedUserNamespaces(G, 3)).as("nested user namespaces in a generic sandbox").isZero();
        Result why = c.sh(G, "unshare -U true");
        assertThat(why.err()).contains("No space left on device");
        // control: the same command on the host, and in a sandbox that allows 2
        assertThat(c.command(30, List.of("unshare", "-U", "true")).exit()).as("control on the host").isZero();
        assertThat(nestedUserNamespaces(OPEN, 4)).as("control: --nested-userns 2").isEqualTo(2);

        int service = nestedUserNamespaces(S, KernelAccess.SERVICE_NESTED_USERNS + 4);
        assertThat(service).as("nested user namespaces in a service sandbox").isLessThanOrEqualTo(KernelAccess.SERVICE_NESTED_USERNS);
        // root inside raises its own namespace's limit (it may: CAP_SYS_RESOURCE there), and it does not help
        Thread.sleep(1000); // the kernel frees a user namespace (and its count) asynchronously
        Result raise = c.sh(S, "umount -l /proc/sys; echo 100000 > /proc/sys/user/max_user_namespaces"
                + " && cat /proc/sys/user/max_user_namespaces");
        assertThat(raise.out().strip()).as("root inside wrote its own namespace's limit").isEqualTo("100000");
        int after = nestedUserNamespaces(S, KernelAccess.SERVICE_NESTED_USERNS + 4);
        assertThat(after).as("after raising its own limit").isLessThanOrEqualTo(KernelAccess.SERVICE_NESTED_USERNS);
        Attack.note("nested user namespaces (generic / service sandbox)", "blocked: generic 0 of 3 (\""
                + why.err().strip() + "\"); service " + service + " of " + (KernelAccess.SERVICE_NESTED_USERNS + 4)
                + " (its default " + KernelAccess.SERVICE_NESTED_USERNS + "), still " + after + " after root inside"
                + " raised its own namespace's max_user_namespaces to 100000 | control: the host and a sandbox created with"
                + " --nested-userns 2 (2 of 4) | the user namespace lies below one its host uid owns, whose limits"
                + " the helper sets (userns-parent)");
    }

    @Test
    void nfTablesIsClosedUnlessAllowed() throws Exception {
        Prerequisites.requireExecutable(Path.of("/usr/sbin/nft"), "nftables");
        Result generic = c.sh(G, "nft list tables; echo rc=$?");
        Result service = c.sh(S, "nft list tables; echo rc=$?");
        Result nested = c.sh(OPEN, "unshare -Urn nft list tables && echo NFT-OK");
        assertThat(generic.out()).doesNotContain("rc=0");
        assertThat(service.out()).as("nft in a service sandbox (it has CAP_NET_ADMIN in its netns)").doesNotContain("rc=0");
        assertThat(nested.out()).as("control: allowed, in a nested user+net namespace").contains("NFT-OK");
        Attack.note("nf_tables (generic / service sandbox)", "blocked: `nft list tables` fails in both ("
                + service.err().strip().lines().findFirst().orElse("") + ") | control: a sandbox created with"
                + " --allow-nftables --nested-userns 2 lists them from a nested namespace | seccomp: socket(NETLINK_NETFILTER)"
                + " EPERM; generic sandboxes also lack CAP_NET_ADMIN and nested user namespaces");
    }

    private static void exhaust(String kind, String vector, String mechanism) throws Exception {
        Cloister.Background hog = c.startExec(G, "/root/escape", "hog", kind, "30");
        hog.awaitOutput("HELD ", 60);
        String held = hog.out().lines().filter(l -> l.startsWith("HELD ")).findFirst().orElseThrow();
        try {
            // control: the hog did reach the limit: one more in the same sandbox fails
            Result more = c.exec(G, "/root/escape", "one", kind);
            assertThat(more.exit()).as("control: one more %s inside the hogging sandbox: %s", kind, more)
                    .isEqualTo(Attack.BLOCKED);
            Result host = c.command(30, List.of(escape.toString(), "one", kind));
            Result other = c.exec(G2, "/root/escape", "one", kind);
            assertThat(host.exit()).as("host root takes one %s while the sandbox holds its all: %s", kind, host)
                    .isEqualTo(Attack.SUCCEEDED);
            assertThat(other.exit()).as("another sandbox takes one %s: %s", kind, other).isEqualTo(Attack.SUCCEEDED);
            Attack.note(vector, "blocked: the sandbox held " + held.substring(5) + "; host root and another sandbox"
                    + " still got one | control: one more in the hogging sandbox fails | " + mechanism);
        } finally {
            hog.stop();
        }
    }

    @Test
    void exhaustingInotifyInstancesLeavesTheHostAndOtherSandboxesTheirs() throws Exception {
        exhaust("inotify", "take every inotify instance (fs.inotify.max_user_instances)", "the sandbox's user namespace"
                + " is owned by its own host uid: the kernel charges that uid, not host root");
    }

    @Test
    void exhaustingMessageQueueBytesLeavesTheHostAndOtherSandboxesTheirs() throws Exception {
        exhaust("mqueue", "take every POSIX message-queue byte (RLIMIT_MSGQUEUE)", "charged to the sandbox's own host"
                + " uid (the owner of its user namespace)");
    }

    @Test
    void exhaustingPtysLeavesTheOtherSandboxesTheirs() throws Exception {
        exhaust("pty", "take every pty (kernel.pty.max, shared by all devpts instances)", "the sandbox's devpts has"
                + " max=" + KernelAccess.DEFAULT_PTYS + " (--ptys N)");
        Result r = c.exec(G, "/bin/sh", "-c", "cat /proc/sys/kernel/pty/nr");
        assertThat(r.exit()).isZero();
    }
}
