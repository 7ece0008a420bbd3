package dev.cloister.it.escape;

import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, item 5: what a sandbox can make the host write. Its console log is bounded and
 * rotated; `logs` reads it from the end and shows bytes that are not UTF-8; `logs` of a stopped
 * sandbox and `clone` keep the holes of sparse files (a sandbox's 3 GiB of nothing stays nothing).
 */
@Tag("root")
class DiskIT {
    static final String G = "clst-test-disk-g";
    static final String S = "clst-test-disk-s";
    static Cloister c;

    @BeforeAll
    static void instance() throws Exception {
        c = Cloister.create();
    }

    @AfterAll
    static void cleanup() throws Exception {
        Cloister.closeAndReport(c);
    }

    private static long allocated(Path file) throws Exception {
        Result r = c.host("stat", "-c", "%b", file.toString()).assertOk();
        return Long.parseLong(r.out().strip()) * 512;
    }

    @Test
    void theConsoleLogIsBoundedAndLogsReadsItsEndWhateverTheBytes() throws Exception {
        // 16 MiB on the console, a byte that is not UTF-8, and a last line
        c.run("create", "-N", "none", "--console-log-size", "1M", G, "--", "/bin/sh", "-c",
                "head -c 16777216 /dev/zero | tr '\\0' x; echo; printf 'bad \\377 byte\\n'; echo clst-last-line; sleep 600")
                .assertOk();
        c.run("start", G).assertOk();
        Path log = c.root.resolve("var/lib/cloister/.meta/" + G + "/console.log");
        String tail = "";
        for (int i = 0; i < 300 && !tail.contains("clst-last-line"); i++) {
            Thread.sleep(100);
            tail = c.run("logs", "-n", "2", G).out();
        }
        Result logs = c.run("logs", "-n", "2", G);
        assertThat(logs.exit()).as("logs with a byte that is not UTF-8: %s", logs).isZero();
        assertThat(logs.out()).contains("bad \uFFFD byte").contains("clst-last-line");
        long onDisk = Files.size(log) + (Files.exists(log.resolveSibling("console.log.1"))
                ? Files.size(log.resolveSibling("console.log.1")) : 0);
        assertThat(onDisk).as("console log and its rotation").isLessThanOrEqualTo(2L << 20);
        // control: the sandbox really wrote 16 MiB through the console (the log rotated)
        assertThat(log.resolveSibling("console.log.1")).exists();
        Attack.note("write without limit through /dev/console", "blocked: 16 MiB written, " + onDisk + " bytes on the"
                + " host (console.log + console.log.1 at --console-log-size 1M); `logs -n 2` read the end and showed"
                + " the non-UTF-8 byte as U+FFFD | control: the log did rotate | the monitor rotates the log at its size"
                + " (log-file PATH MAX; default 8M)");
        c.run("stop", G).assertOk();
    }

    @Test
    void logsOfAStoppedSandboxAndCloneKeepSparseFilesSparse() throws Exception {
        c.run("create", "-C", "-u", "apache2", S).assertOk();
        c.run("start", S).assertOk();
        // root inside: a 3 GiB journal file of nothing, and a 2 GiB sparse file
        c.sh(S, "d=/var/log/journal/$(cat /etc/machine-id); mkdir -p $d && truncate -s 3G $d/clst-sparse.journal"
                + " && truncate -s 2G /var/cache/clst-sparse").assertOk();
        c.run("stop", S).assertOk();
        Path tmp = Files.createDirectories(c.root.resolve("clst-small-tmp"));
        c.host("mount", "-t", "tmpfs", "-o", "size=64m", "clst-test-tmp", tmp.toString()).assertOk();
        try {
            // the logs command's temporary copy goes to a 64 MiB tmpfs: 3 GiB of data could not fit
            Result logs = c.command(300, List.of("/usr/bin/env", "JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=" + tmp,
                    Cloister.HOME.resolve("bin/cloister").toString(), "logs", "-n", "5", S));
            assertThat(logs.exit()).as("logs of the stopped sandbox with a 3 GiB sparse journal: %s", logs).isZero();
            // control: a plain copy of that file into the same place fails
            Path sparse;
            try (var files = Files.list(c.tree(S).resolve("var/log/journal"))) {
                sparse = files.map(d -> d.resolve("clst-sparse.journal")).filter(Files::exists).findFirst().orElseThrow();
            }
            Result plain = c.host("cp", "--sparse=never", sparse.toString(), tmp.resolve("plain").toString());
            assertThat(plain.exit()).as("control: a copy that fills the holes does not fit").isNotZero();
            c.host("rm", "-f", tmp.resolve("plain").toString());
            Attack.note("`logs` of a stopped sandbox with a 3 GiB sparse journal file", "blocked: logs succeeded with"
                    + " its copy on a 64 MiB tmpfs | control: cp --sparse=never of the file to it fails (" + plain.err().strip()
                    + ") | journal copies leave zero blocks out (holes stay holes)");
        } finally {
            c.host("umount", tmp.toString());
        }
        c.run("clone", S, S + "-c").assertOk();
        Path src = c.tree(S).resolve("var/cache/clst-sparse");
        Path copy = c.tree(S + "-c").resolve("var/cache/clst-sparse");
        assertThat(Files.size(copy)).isEqualTo(2L << 30);
        assertThat(allocated(copy)).as("the clone's copy of a 2 GiB sparse file on the host's disk")
                .isLessThanOrEqualTo(allocated(src) + (1L << 20));
        Attack.note("`clone` of a tree with a 2 GiB sparse file", "blocked: the clone's copy occupies " + allocated(copy)
                + " bytes (the source " + allocated(src) + ") | control: its size is 2 GiB | copy-tree copies data"
                + " extents only (SEEK_DATA/SEEK_HOLE)");
    }
}
