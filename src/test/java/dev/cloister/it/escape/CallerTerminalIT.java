package dev.cloister.it.escape;

import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static dev.cloister.it.escape.Attack.blocked;
import static dev.cloister.it.escape.Attack.control;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, items 1 and 11: nothing started inside holds a descriptor of the caller (its
 * terminal above all), every executed command is in PID 1's confinement (Landlock domain
 * included), and root inside cannot swap the ptys execute and connect get.
 */
@Tag("root")
class CallerTerminalIT {
    static final String S = "clst-test-tty-svc";
    static final String G = "clst-test-tty-gen";
    static Cloister c;
    static Path escape;
    /** A copy of sleep with a name of this run (a process name no one else uses on the host). */
    static final String VICTIM = "clstvic" + ProcessHandle.current().pid() % 100000;

    @BeforeAll
    static void sandboxes() throws Exception {
        escape = Attack.program();
        c = Cloister.createWith(k -> {
            k.run("create", "-C", "-u", "apache2", S).assertOk();
            k.install(S, escape);
            Files.copy(Path.of("/bin/sleep"), k.tree(S).resolve("root/" + VICTIM), StandardCopyOption.REPLACE_EXISTING);
            k.run("start", S).assertOk();
        });
    }

    @AfterAll
    static void cleanup() throws Exception {
        Cloister.closeAndReport(c);
    }

    @Test
    void aProcessInsideCannotTakeTheCallersTerminalFromExecute() throws Exception {
        String marker = "clst-stolen-" + ProcessHandle.current().pid();
        // planted earlier by root inside (a .profile, an earlier execute): waits for the next command
        Cloister.Background thief = c.startExec(S, "/root/escape", "fd-thief", "/dev/pts", VICTIM, marker, "40");
        Thread.sleep(300);
        // the administrator's command: stdout is their terminal, stdin is not (no pty is made)
        Result victim = c.onPty(60, List.of("/bin/sh", "-c",
                "exec " + c.cli("execute", S, "--", "/root/" + VICTIM, "2") + " </dev/null"));
        Result stolen = thief.await(60);
        assertThat(victim.out()).as("what reached the caller's terminal").doesNotContain(marker);
        blocked("take the caller's terminal from an executed command (pidfd_getfd, stdin not a tty)", stolen,
                "execute relays through pipes it made (a pty the helper owns with a tty): the command holds no fd"
                        + " of the caller");

        // control: the same thief against a host process on a terminal takes it and writes on it
        Path hostVictim = c.root.resolve(VICTIM);
        Files.copy(Path.of("/bin/sleep"), hostVictim, StandardCopyOption.REPLACE_EXISTING);
        Cloister.Background hostThief = c.start(List.of(escape.toString(), "fd-thief", c.root.toString(), VICTIM,
                marker, "40"));
        Thread.sleep(300);
        Result onTerminal = c.onPty(60, List.of("/bin/sh", "-c", "exec " + hostVictim + " 2 </dev/null"));
        control("take the caller's terminal from an executed command (pidfd_getfd, stdin not a tty)",
                hostThief.await(60));
        assertThat(onTerminal.out()).as("control: the marker reached the terminal").contains(marker);
    }

    @Test
    void executedCommandsShareTheLandlockDomainOfPid1sDescendants() throws Exception {
        Cloister.Background executed = c.startExec(S, "/root/" + VICTIM, "30");
        try {
            String pid = "";
            for (int i = 0; i < 50 && pid.isEmpty(); i++) {
                pid = c.sh(S, "pidof " + VICTIM + " || true").out().strip();
                Thread.sleep(100);
            }
            assertThat(pid).as("the executed command inside").isNotEmpty();
            // a process systemd (PID 1) started traces the executed command: one domain
            Result fromService = c.sh(S, "systemd-run --wait --pipe --quiet /root/escape ptrace-probe " + pid);
            assertThat(fromService.exit()).as("a PID 1 descendant traces an executed command: %s", fromService)
                    .isEqualTo(Attack.SUCCEEDED);
            // control: a domain of its own (a sibling) is seen as outside: the probe can tell them apart
            Result sibling = c.exec(S, "/root/escape", "landlock-sibling", "/root/escape", "ptrace-probe", pid);
            assertThat(sibling.exit()).as("a sibling Landlock domain cannot trace it: %s", sibling)
                    .isEqualTo(Attack.BLOCKED);
            Attack.note("executed command outside PID 1's Landlock domain", "blocked: a unit of systemd inside"
                    + " traced the executed command (one domain; before: EPERM, execute had no domain) | control: a"
                    + " sibling domain gets " + sibling.out().strip().replaceFirst("^RESULT \\S+ BLOCKED ", "")
                    + " | the exec server, forked by PID 1 after Landlock and seccomp, starts every command");
        } finally {
            executed.stop();
        }
    }

    @Test
    void startAttachWithoutATerminalGivesPid1PipesNotTheCallersFds() throws Exception {
        c.run("create", "-N", "none", G, "--", "/bin/sh", "-c", "ls -l /proc/self/fd/0 /proc/self/fd/1 /proc/self/fd/2")
                .assertOk();
        Result r = c.onPty(60, List.of("/bin/sh", "-c", "exec " + c.cli("start", "--attach", G) + " </dev/null"));
        assertThat(r.out()).as("PID 1's fds 0-2").contains("/proc/self/fd/0 -> pipe:")
                .contains("/proc/self/fd/1 -> pipe:").contains("/proc/self/fd/2 -> pipe:")
                .doesNotContain("/dev/pts");
        // control: the same command on the host holds the terminal
        Result host = c.onPty(60, List.of("/bin/sh", "-c", "ls -l /proc/self/fd/1 </dev/null"));
        assertThat(host.out()).contains("/dev/pts/");
        Attack.note("start --attach without a tty: PID 1 holds the caller's fds", "blocked: fds 0-2 of PID 1 are"
                + " pipes the monitor relays | control: the same command on the host holds /dev/pts/N");
        c.run("delete", G).assertOk();
    }

    @Test
    void aReplacedPtmxInsideDoesNotReachExecuteOrConnect() throws Exception {
        // root inside mounts its own /dev over the sandbox's, with a fifo as ptmx (an open would hang)
        c.sh(S, "mkdir -p /run/clst-dev && mount -t tmpfs tmpfs /run/clst-dev && mkfifo /run/clst-dev/ptmx"
                + " && mount --bind /run/clst-dev/ptmx /dev/ptmx").assertOk();
        try {
            Result r = c.onPty(30, c.cloister("execute", "--tty", S, "--", "/bin/sh", "-c", "tty; echo ok"));
            assertThat(r.exit()).as("execute --tty after /dev/ptmx was replaced: %s", r).isZero();
            assertThat(r.out()).contains("/dev/pts/").contains("ok");
            // control: a pty opened through the replaced path is what the helper used to get
            Result ctl = c.sh(S, "timeout 2 cat /dev/ptmx; echo rc=$?");
            assertThat(ctl.out()).as("opening /dev/ptmx inside now hangs on the fifo").contains("rc=124");
            Attack.note("replace /dev/ptmx and /dev/pts inside, then execute --tty / connect", "blocked: execute --tty"
                    + " got a pty of the sandbox's devpts | control: /dev/ptmx inside is the planted fifo (open"
                    + " hangs) | the exec server opens ptys through a detached clone of the devpts mount PID 1"
                    + " made; the host-side helper opens no path inside");
        } finally {
            c.sh(S, "umount /dev/ptmx; umount /run/clst-dev");
        }
    }
}
