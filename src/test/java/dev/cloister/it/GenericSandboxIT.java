package dev.cloister.it;

import dev.cloister.Prerequisites;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A generic sandbox (`create NAME -- COMMAND`) on the real kernel: what a user would check. */
@Tag("root")
class GenericSandboxIT {

    @Test
    void commandRunsAsPid1WithItsOwnHostnameAndUnprivilegedIds() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "clst-box", "--", "/bin/sh", "-c",
                    "hostname; cat /proc/self/uid_map; ps -e -o pid=,comm=").assertOk();
            CloisterInstance.Result r = c.run("start", "--attach", "clst-box").assertOk();
            List<String> lines = r.out().lines().map(String::strip).toList();
            assertThat(lines.get(0)).isEqualTo("clst-box");
            String[] map = lines.get(1).split("\\s+");
            assertThat(map[0]).isEqualTo("0");
            assertThat(Long.parseLong(map[1])).as("host uid of root inside").isGreaterThanOrEqualTo(65536);
            assertThat(map[2]).isEqualTo("65536");
            List<String> processes = lines.subList(2, lines.size());
            // PID 1, ps, and the exec server PID 1 forked (execute's commands start from it)
            assertThat(processes).as("ps -e inside").contains("1 sh")
                    .allMatch(l -> l.endsWith(" sh") || l.endsWith(" ps") || l.endsWith(" cloister-exec"));
        }
    }

    @Test
    void hostFilesStayOutAndUsrIsReadOnly() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            Path marker = Path.of("/root/clst-test-marker-" + ProcessHandle.current().pid());
            Files.writeString(marker, "host secret");
            try {
                c.run("create", "clst-fs", "--", "/bin/sh", "-c",
                        "touch /usr/clst-test-usr 2>/dev/null && echo usr-writable;"
                                + "touch /clst-test-root 2>/dev/null && echo root-writable;"
                                + "cat " + marker + " 2>/dev/null && echo host-root-visible;"
                                + "grep '^root:' /etc/shadow; echo mine > /var/clst-test-own && cat /var/clst-test-own")
                        .assertOk();
                CloisterInstance.Result r = c.run("start", "--attach", "clst-fs").assertOk();
                assertThat(r.out()).doesNotContain("usr-writable", "root-writable", "host-root-visible", "host secret");
                assertThat(r.out()).contains("root:*:").contains("mine");
                assertThat(Path.of("/usr/clst-test-usr")).doesNotExist();
                String hostRootHash = Files.readAllLines(Path.of("/etc/shadow")).stream()
                        .filter(l -> l.startsWith("root:")).findFirst().orElse("root:");
                assertThat(r.out()).doesNotContain(hostRootHash);
                assertThat(c.tree("clst-fs").resolve("var/clst-test-own")).hasContent("mine");
            } finally {
                Files.deleteIfExists(marker);
            }
        }
    }

    @Test
    void executeReturnsTheCommandsStatusAndStopLeavesNothing() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "clst-exec", "--", "/bin/sleep", "1000").assertOk();
            c.run("start", "clst-exec").assertOk();
            CloisterInstance.Result list = c.run("list", "--json").assertOk();
            assertThat(list.out()).contains("\"state\": \"running\"");
            assertThat(c.run("execute", "clst-exec", "--", "/bin/sh", "-c", "exit 7").exit()).isEqualTo(7);
            CloisterInstance.Result ps = c.run("execute", "clst-exec", "--", "/bin/ps", "-e", "-o", "pid=,comm=").assertOk();
            assertThat(ps.out().lines().map(String::strip)).contains("1 sleep");
            assertThat(c.run("execute", "clst-exec", "--", "/bin/hostname").assertOk().out().strip()).isEqualTo("clst-exec");

            List<String> cgroups = Files.readAllLines(c.runDir("clst-exec").resolve("state")).stream()
                    .filter(l -> l.startsWith("cgroup ")).map(l -> l.substring(7)).toList();
            assertThat(cgroups).isNotEmpty().allMatch(d -> Files.isDirectory(Path.of(d)));

            c.run("stop", "clst-exec", "-t", "1").assertOk();
            assertThat(cgroups).noneMatch(d -> Files.exists(Path.of(d)));
            assertThat(c.runDir("clst-exec")).doesNotExist();
            assertThat(c.mountsUnderRoot()).isEmpty();
            assertThat(Processes.underRoot(c.root)).isEmpty();
            assertThat(c.run("list", "--json").assertOk().out()).contains("\"state\": \"stopped\"");
        }
    }

    /** A byte the pty relay added would show at any moment: many runs, with both cores kept busy. */
    @Test
    void ptySessionsCarryExactlyTheBytesTheCommandWrote() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "clst-pty", "--", "/bin/sleep", "1000").assertOk();
            c.run("start", "clst-pty").assertOk();
            List<Process> busy = List.of(busyLoop(), busyLoop());
            try {
                for (int i = 0; i < 20; i++) {
                    CloisterInstance.Result r = c.onPty(null, 60, "execute", "-t", "clst-pty", "--", "printf", "abc");
                    assertThat(r.exit()).as("run %d: %s", i, r).isZero();
                    assertThat(r.out()).as("run %d", i).isEqualTo("abc");
                }
                CloisterInstance.Result shell = c.onPty("printf 'x%sx' ab; exit 3\n", 60, "connect", "clst-pty");
                assertThat(shell.exit()).as("connect: %s", shell).isEqualTo(3);
                assertThat(shell.out()).contains("xabx").doesNotContain("\0");
            } finally {
                for (Process p : busy) {
                    p.destroyForcibly().waitFor();
                }
            }
            c.run("stop", "clst-pty", "-t", "1").assertOk();
        }
    }

    private static Process busyLoop() throws java.io.IOException {
        return new ProcessBuilder("/bin/sh", "-c", "while :; do :; done").start();
    }

    @Test
    void memoryLimitKillsInsideOnly() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            // tail keeps an endless line in memory: it grows until the sandbox's limit stops it.
            c.run("create", "--memory", "32M", "clst-oom", "--", "/bin/sh", "-c", "tail /dev/zero; echo status=$?")
                    .assertOk();
            CloisterInstance.Result r = c.run("start", "--attach", "clst-oom").assertOk();
            assertThat(r.out()).contains("status=137");
        }
    }

    @Test
    void forkBombStopsAtThePidsLimit() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "--pids-limit", "32", "clst-fork", "--", "/bin/sh", "-c",
                    // The inner shell forks until the kernel refuses (then dash gives up); the outer one
                    // counts with builtins only, as no fork is left for a counter.
                    "/bin/sh -c 'while :; do /bin/sleep 30 & done' 2>/dev/null;"
                            + "c=0; for p in /proc/[0-9]*; do c=$((c+1)); done; echo running=$c").assertOk();
            CloisterInstance.Result r = c.run("start", "--attach", "clst-fork");
            String running = r.out().lines().filter(l -> l.startsWith("running=")).findFirst().orElseThrow();
            assertThat(Integer.parseInt(running.substring(8))).isLessThanOrEqualTo(32).isGreaterThan(5);
        }
    }

    @Test
    void deleteRemovesEverythingAndSandboxesNeverShareIds() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "clst-a", "--", "/bin/true").assertOk();
            c.run("create", "clst-b", "--", "/bin/true").assertOk();
            String json = c.run("list", "--json").assertOk().out();
            List<String> bases = Arrays.stream(json.split("\n")).filter(l -> l.contains("\"uid_base\"")).toList();
            assertThat(bases).hasSize(2).doesNotHaveDuplicates();
            List<String> labels = Arrays.stream(json.split("\n")).filter(l -> l.contains("\"label\"")).toList();
            assertThat(labels).hasSize(2).doesNotHaveDuplicates();

            c.run("start", "--attach", "clst-a").assertOk();
            c.run("delete", "clst-a").assertOk();
            assertThat(c.tree("clst-a")).doesNotExist();
            assertThat(c.root.resolve("etc/cloister/clst-a.conf")).doesNotExist();
            assertThat(c.root.resolve("var/lib/cloister/.meta/clst-a")).doesNotExist();
            assertThat(c.runDir("clst-a")).doesNotExist();
            assertThat(c.run("list").assertOk().out()).doesNotContain("clst-a").contains("clst-b");
        }
    }

    @Test
    void limitsChangeLiveAndStatsReadThem() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "--memory", "64M", "--pids-limit", "100", "clst-lim", "--", "/bin/sleep", "1000").assertOk();
            c.run("start", "clst-lim").assertOk();
            Path memoryDir = Files.readAllLines(c.runDir("clst-lim").resolve("state")).stream()
                    .filter(l -> l.startsWith("cgroup ") && l.contains("/memory/")).map(l -> Path.of(l.substring(7)))
                    .findFirst().orElseThrow();
            assertThat(Files.readString(memoryDir.resolve("memory.limit_in_bytes")).strip()).isEqualTo("67108864");
            c.run("update", "clst-lim", "--memory", "128M", "--pids-limit", "200").assertOk();
            assertThat(Files.readString(memoryDir.resolve("memory.limit_in_bytes")).strip()).isEqualTo("134217728");
            assertThat(c.root.resolve("etc/cloister/clst-lim.conf")).content().contains("Memory=128M", "PidsLimit=200");
            String stats = c.run("stats", "--json", "clst-lim").assertOk().out();
            assertThat(stats).contains("\"memory_limit_bytes\": 134217728", "\"pids_limit\": 200");
            assertThat(stats).containsPattern("\"pids\": [1-9]");
        }
    }

    @Test
    void theHostsEtcLinkFarmsAreSharedReadOnlyNotCopied() throws Exception {
        List<Path> farms = List.of(Path.of("/etc/ssl/certs"), Path.of("/etc/alternatives"));
        for (Path farm : farms) {   // ca-certificates fills /etc/ssl/certs; dpkg keeps /etc/alternatives
            Prerequisites.require(Files.isDirectory(farm, java.nio.file.LinkOption.NOFOLLOW_LINKS), "the directory " + farm,
                    "ca-certificates");
        }
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "-N", "none", "clst-farm", "--", "/bin/sh", "-c", "for d in /etc/ssl/certs /etc/alternatives; do "
                    + "ls -A $d | wc -l; touch $d/x 2>/dev/null || echo read-only; done; touch /etc/own && echo own-etc").assertOk();
            for (Path farm : farms) {
                assertThat(c.tree("clst-farm").resolve(Path.of("/").relativize(farm))).isEmptyDirectory();
            }
            List<String> lines = c.run("start", "--attach", "clst-farm").assertOk().out().lines().map(String::strip).toList();
            assertThat(lines).containsExactly(String.valueOf(entries(farms.get(0))), "read-only",
                    String.valueOf(entries(farms.get(1))), "read-only", "own-etc");
            assertThat(c.tree("clst-farm").resolve("etc/own")).exists();
        }
    }

    private static long entries(Path dir) throws Exception {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void theLauncherWorksFromAnyDirectory() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            for (List<String> args : List.of(List.of("create", "-N", "none", "clst-cwd", "--", "/bin/echo", "hi"),
                    List.of("start", "--attach", "clst-cwd"), List.of("delete", "clst-cwd"))) {
                ProcessBuilder pb = c.builder(c.command(args.toArray(String[]::new))).directory(new java.io.File("/"))
                        .redirectErrorStream(true);
                pb.environment().remove("CLOISTER_HOME");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor()).as(args + ": " + out).isZero();
            }
            assertThat(c.tree("clst-cwd")).doesNotExist();
        }
    }

    @Test
    void inspectShowsTheCompiledPlanAndFollowsEditsOfTheConfig() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "--pids-limit", "100", "clst-insp", "--", "/bin/sleep", "1000").assertOk();
            Path stored = c.root.resolve("var/lib/cloister/.meta/clst-insp/plan.json");
            assertThat(stored).content().contains("\"pids_limit\": 100");
            assertThat(c.run("inspect", "--json", "clst-insp").assertOk().out()).contains("\"pids_limit\": 100");

            c.run("update", "clst-insp", "--pids-limit", "200").assertOk();
            assertThat(c.run("inspect", "clst-insp").assertOk().out()).contains("pids_limit: 200");

            // A hand edit makes the config newer than the compiled plan: inspect plans it anew.
            Path config = c.root.resolve("etc/cloister/clst-insp.conf");
            Files.writeString(config, Files.readString(config).replace("PidsLimit=200", "PidsLimit=300"));
            Files.setLastModifiedTime(config, FileTime.from(Instant.now().plusSeconds(2)));
            assertThat(c.run("inspect", "clst-insp").assertOk().out()).contains("pids_limit: 300");

            // A damaged stored report is planned anew too; start recompiles it.
            Files.writeString(stored, "{\"addresses\": [");
            assertThat(c.run("inspect", "clst-insp").assertOk().out()).contains("pids_limit: 300");
            Files.writeString(stored, "{\"addresses\": 7}");
            assertThat(c.run("inspect", "clst-insp").assertOk().out()).contains("pids_limit: 300");
            c.run("start", "clst-insp").assertOk();
            assertThat(stored).content().contains("\"pids_limit\": 300");
            String running = c.run("inspect", "--json", "clst-insp").assertOk().out();
            assertThat(running).contains("\"state\": \"running\"", "\"paths\": [", "/pids/");
            c.run("stop", "clst-insp").assertOk();
        }
    }

    @Test
    void aStorageLimitStopsWritesInsideOnlyAndDeleteLeavesNoImageMounted() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            // 64M: the tree holds a copy of the host's /etc (with an SELinux policy installed, over 10M of it)
            c.run("create", "--storage", "64M", "-N", "none", "clst-q", "--", "/bin/sh", "-c",
                    "cat /var/from-host; dd if=/dev/zero of=/var/big bs=1M count=100 2>/dev/null; echo dd=$?").assertOk();
            Path tree = c.tree("clst-q");
            assertThat(c.mountsUnderRoot()).as("the tree's image, mounted on the host for host-side edits")
                    .anyMatch(l -> l.contains(tree.toString()));
            Files.writeString(tree.resolve("var/from-host"), "written on the host\n");
            CloisterInstance.Result r = c.run("start", "--attach", "clst-q").assertOk();
            assertThat(r.out()).contains("written on the host", "dd=1");
            long written = Files.size(tree.resolve("var/big"));
            assertThat(written).as("bytes written inside").isLessThan(64L << 20).isGreaterThan(4L << 20);
            c.run("delete", "clst-q").assertOk();
            assertThat(c.mountsUnderRoot()).isEmpty();
            assertThat(tree).doesNotExist();
            assertThat(new String(new ProcessBuilder("losetup", "-a").start().getInputStream().readAllBytes()))
                    .doesNotContain(c.root.toString());
        }
    }

    @Test
    void leftoversOfAKilledCreateAreListedAndDeletable() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("list").assertOk();
            Files.createDirectories(c.tree("clst-half").resolve("etc"));
            Files.createDirectories(c.root.resolve("var/lib/cloister/.meta/clst-half"));
            assertThat(c.run("list").assertOk().out()).contains("clst-half").contains("incomplete")
                    .contains("`cloister delete clst-half`");
            c.run("delete", "clst-half").assertOk();
            assertThat(c.tree("clst-half")).doesNotExist();
            assertThat(c.run("list").assertOk().out()).doesNotContain("clst-half");
            // A retried create completes the roll-back of what an interrupted one left, then creates.
            Files.createDirectories(c.tree("clst-half").resolve("etc"));
            assertThat(c.run("create", "-N", "none", "clst-half", "--", "/bin/true").assertOk().err())
                    .contains("note: removed what an interrupted create or delete of clst-half left");
            assertThat(c.run("list").assertOk().out()).contains("clst-half").contains("defined");
        }
    }

    @Test
    void badInputGetsClearErrorsAndChangesNothing() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            CloisterInstance.Result bad = c.run("create", "../evil", "--", "/bin/true");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("not a valid sandbox name");
            assertThat(c.run("start", "clst-none").err()).contains("no sandbox named 'clst-none'");
            assertThat(c.run("create", "--memory", "lots", "clst-x", "--", "/bin/true").err()).contains("not a size");
            assertThat(c.run("create", "-l", "s0:c9,c3", "clst-x", "--", "/bin/true").err()).contains("MCS level");
            c.run("create", "-l", "s0:c1,c2", "clst-one", "--", "/bin/true").assertOk();
            assertThat(c.run("create", "-l", "s0:c1,c2", "clst-two", "--", "/bin/true").err())
                    .contains("already used");
            assertThat(c.run("list").assertOk().out()).contains("clst-one").doesNotContain("clst-two", "clst-x");
        }
    }

    @Test
    void aCreateWhoseTreeCopyFailsSaysWhyAndLeavesNothing() throws Exception {
        try (CloisterInstance c = CloisterInstance.create()) {
            // The copy runs in the helper while the plan is compiled: a failing copy (here a
            // helper that says the disk is full) must not leave the plan or the tree behind.
            Path fullDisk = c.root.resolve("full-disk-helper");
            Files.writeString(fullDisk, "#!/bin/sh\necho 'cloister-helper: copy-tree: creating etc/hosts: No space left "
                    + "on device' >&2\nexit 1\n");
            Files.setPosixFilePermissions(fullDisk, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            ProcessBuilder create = c.builder(c.command("create", "-N", "none", "clst-full", "--", "/bin/true"));
            create.environment().put("CLOISTER_HELPER", fullDisk.toString());

            CloisterInstance.Result failed = Commands.run(create, null, 120);

            assertThat(failed.exit()).isEqualTo(1);
            assertThat(failed.err()).contains("No space left on device");
            try (var left = Files.list(c.root.resolve("var/lib/cloister"))) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.contains("clst-full"));
            }
            try (var left = Files.list(c.root.resolve("var/lib/cloister/.meta"))) {
                assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("clst-full"));
            }
            assertThat(c.run("list").assertOk().out()).doesNotContain("clst-full");
            c.run("create", "-N", "none", "clst-full", "--", "/bin/true").assertOk();
        }
    }
}
