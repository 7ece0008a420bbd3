package dev.cloister.it.escape;

import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host-side operations on a tree that root inside controls: symlinks, hard links and mounts
 * planted there must not make delete, clone, upgrade or logs read or write outside the tree, and
 * what root inside writes must not hand host users host root (a setuid file in the tree).
 */
@Tag("root")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileTreeIT {
    static final String H = "clst-test-hostile";
    static final String H2 = "clst-test-hostile-clone";

    static Cloister c;
    static Path victimDir;
    static Path victimFile;
    static Path victimLog;
    static Path victimJournal;

    @BeforeAll
    static void plant() throws Exception {
        Path escape = Attack.program();
        c = Cloister.create();
        try {
            victimDir = Files.createDirectories(c.root.resolve("clst-test-victim"));
            victimFile = Files.writeString(victimDir.resolve("precious"), "host data\n");
            Files.writeString(victimDir.resolve("second"), "more host data\n");
            victimLog = Files.createDirectories(c.root.resolve("clst-test-victimlog"));
            Path machine = Files.createDirectories(victimLog.resolve("journal/0123456789abcdef0123456789abcdef"));
            victimJournal = Files.writeString(machine.resolve("system.journal"), "host journal\n");
            c.run("create", "-C", "-u", "apache2", H).assertOk();
            c.install(H, escape);
            c.run("start", H).assertOk();
            // root inside plants links whose targets are host paths (a symlink is resolved by whoever follows it)
            // a setuid-root file, made by root inside (see setuidFileWrittenInside...)
            c.sh(H, "cp /root/escape /var/tmp/clst-suid && chmod 4755 /var/tmp/clst-suid").assertOk();
            c.sh(H, "ln -s " + victimDir + " /var/clst-evil-dir && ln -s " + victimFile + " /etc/clst-evil-file"
                    + " && ln -s / /root/clst-evil-root && ln -s " + victimDir + " /var/lib/apache2/clst-evil"
                    + " && mv /var/log /var/log.orig && ln -s " + victimLog + " /var/log").assertOk();
            c.run("stop", H).assertOk();
            // a hard link to a host file (only the host can make one: root inside cannot see host files)
            Files.createLink(c.tree(H).resolve("var/clst-hardlink"), victimFile);
        } catch (Throwable t) {
            c.close();
            throw t;
        }
    }

    @AfterAll
    static void cleanup() throws Exception {
        if (c != null) {
            c.close();
        }
        Attack.writeReport();
    }

    private static void assertVictimsIntact() throws Exception {
        assertThat(victimFile).hasContent("host data");
        assertThat(victimDir.resolve("second")).hasContent("more host data");
    }

    @Test
    @Order(1)
    void logsOfAStoppedSandboxDoNotFollowAPlantedVarLog() throws Exception {
        FileTime old = FileTime.fromMillis(946_684_800_000L); // 2000-01-01: relatime updates atime on the next read
        Files.setAttribute(victimJournal, "lastAccessTime", old);
        // control: reading the file is what the detector sees
        Path probe = Files.writeString(victimDir.resolve("probe"), "x");
        Files.setAttribute(probe, "lastAccessTime", old);
        Files.readString(probe);
        assertThat(Files.getLastModifiedTime(probe)).isNotNull();
        assertThat(((FileTime) Files.getAttribute(probe, "lastAccessTime")).toMillis()).as("control: a read moves atime")
                .isGreaterThan(old.toMillis());
        Files.delete(probe);

        Result r = c.run("logs", H);
        FileTime after = (FileTime) Files.getAttribute(victimJournal, "lastAccessTime");
        assertThat(victimJournal).hasContent("host journal");
        boolean read = after.toMillis() > old.toMillis();
        Attack.note("hostile tree: logs follows a planted /var/log symlink", (read ? "NOT BLOCKED: the host journal"
                + " outside the tree was read" : "blocked") + " | LogReader must walk var/log/journal with"
                + " O_NOFOLLOW per component (SecureDirectoryStream from the tree root)");
        assertThat(read).as("`cloister logs` read %s through the planted symlink var/log -> %s (exit %d)", victimJournal,
                victimLog, r.exit()).isFalse();
        assertVictimsIntact();
    }

    @Test
    @Order(2)
    void upgradeLeavesPlantedTargetsAlone() throws Exception {
        Result r = c.run("upgrade", H);
        assertVictimsIntact();
        assertThat(victimJournal).hasContent("host journal");
        assertThat(Files.list(victimDir).map(p -> p.getFileName().toString()).toList())
                .containsExactlyInAnyOrder("precious", "second");
        Attack.note("hostile tree: upgrade with planted symlinks", "blocked: targets untouched (upgrade exit "
                + r.exit() + ") | upgrade re-plans from the config; it writes only under .meta");
    }

    @Test
    @Order(3)
    void cloneCopiesLinksAsLinksAndReadsNothingOutside() throws Exception {
        Result r = c.run("clone", H, H2);
        if (r.exit() == 0) {
            Path t2 = c.tree(H2);
            for (String link : List.of("var/clst-evil-dir", "etc/clst-evil-file", "root/clst-evil-root")) {
                Path p = t2.resolve(link);
                assertThat(Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS))
                        .as("%s in the clone is not a copy of the host target", link).isTrue();
            }
            assertThat(t2.resolve("var/clst-evil-dir/precious")).satisfiesAnyOf(
                    p -> assertThat(Files.isSymbolicLink(p.getParent())).isTrue(),
                    p -> assertThat(p).doesNotExist());
        }
        assertVictimsIntact();
        boolean journalGone = !Files.exists(victimJournal);
        Attack.note("hostile tree: clone with planted symlinks / hard link", (journalGone ? "NOT BLOCKED: clone deleted"
                + " the host directory behind the planted var/log symlink (" + victimJournal.getParent() + ")"
                : r.exit() == 0 ? "blocked: links copied as links, targets untouched" : "refused (exit " + r.exit() + ")")
                + " | HostCopy copies links as links; but Cloner's SafeDelete.deleteTree(staging/var/log/journal) and"
                + " createDirectories follow the copied var/log symlink");
        assertThat(journalGone).as("clone deleted %s outside the tree (exit %d %s)", victimJournal, r.exit(), r.err())
                .isFalse();
    }

    @Test
    @Order(4)
    void setuidFileWrittenInsideMustNotGiveHostUsersRoot() throws Exception {
        Path suid = c.tree(H).resolve("var/tmp/clst-suid");
        int uid = (int) Files.getAttribute(suid, "unix:uid");
        int mode = (int) Files.getAttribute(suid, "unix:mode");
        // production layout: /var/lib/cloister is 0711 and a tree 0755, like this instance's below its root;
        // open this instance's own temporary root the same way for the check, then close it again
        var saved = Files.getPosixFilePermissions(c.root);
        Result r;
        try {
            Files.setPosixFilePermissions(c.root, PosixFilePermissions.fromString("rwx--x--x"));
            // runuser, not setpriv: setpriv resolves the program while still root, which hides the check
            r = c.host("runuser", "-u", "nobody", "--", suid.toString(), "euid");
        } finally {
            Files.setPosixFilePermissions(c.root, saved);
        }
        boolean rootForNobody = r.exit() == Attack.SUCCEEDED;
        Attack.note("hostile tree: setuid-root file planted for host users", (rootForNobody ? "NOT BLOCKED: host user"
                + " nobody ran it with euid 0" : "blocked: " + r.out().strip()) + " | needs /var/lib/cloister (state dir) 0700,"
                + " or trees 0700");
        assertThat(uid == 0 && (mode & 04000) != 0).as("on disk: host uid %d, mode %o", uid, mode).isTrue();
        assertThat(rootForNobody).as("an unprivileged host user runs a file root inside made setuid as host root: %s", r)
                .isFalse();
    }

    @Test
    @Order(5)
    void deleteWithPlantedSymlinksAndHardLinkTouchesNothingOutside() throws Exception {
        c.run("delete", "--force", H2);
        c.run("delete", "--force", H).assertOk();
        assertVictimsIntact();
        assertThat(c.tree(H)).doesNotExist();
        Attack.note("hostile tree: delete with planted symlinks and a hard link", "blocked: symlinks removed, not"
                + " followed; hard-linked host file keeps its data | SafeDelete: unlinkat through SecureDirectoryStream");
    }

    @Test
    @Order(6)
    void deleteStopsAtAMountInTheTreeEvenOfTheSameFilesystem() throws Exception {
        String name = "clst-test-hostile-mnt";
        c.run("create", name, "--", "/bin/true").assertOk();
        Path victim2 = Files.createDirectories(c.root.resolve("clst-test-victim2"));
        Files.writeString(victim2.resolve("precious"), "host data 2\n");
        Path mnt = Files.createDirectories(c.tree(name).resolve("var/clst-mnt"));
        c.host("mount", "--bind", victim2.toString(), mnt.toString()).assertOk();
        Result r;
        try {
            r = c.run("delete", "--force", name);
        } finally {
            // delete renames the tree first: unmount our bind wherever it is now
            for (String line : c.mountsUnderRoot()) {
                String point = line.split(" ")[4];
                if (point.endsWith("/clst-mnt")) {
                    c.host("umount", "-l", point);
                }
            }
        }
        boolean emptied = !Files.exists(victim2.resolve("precious"));
        Attack.note("hostile tree: delete with a bind mount (same filesystem) in the tree", (emptied ? "NOT BLOCKED:"
                + " the mounted host directory was emptied" : "blocked (delete exit " + r.exit() + ")")
                + " | SafeDelete compares st_dev only; needs a mount-id check (statx STATX_MNT_ID) or openat2"
                + " RESOLVE_NO_XDEV");
        c.run("delete", "--force", name);
        assertThat(emptied).as("delete emptied a bind-mounted host directory; delete said %s", r).isFalse();
    }
}
