package dev.cloister.it.escape;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.cloister.it.escape.Attack.blocked;
import static dev.cloister.it.escape.Attack.control;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The escape battery: as root inside a running service sandbox (apache2, created with -C),
 * every vector of issue 5 is attempted for real and must fail; each has a control (the same
 * program on the host, in a private mount namespace or chroot, or a benign equivalent) that
 * shows the check would have seen a success. Two sandboxes are created once for the class: A
 * (the attacker, with pids/memory limits and a size-limited /var/tmp) and B (the neighbour).
 */
@Tag("root")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscapeBatteryIT {
    static final String A = "clst-test-esc-a";
    static final String B = "clst-test-esc-b";
    static final int PIDS_LIMIT = 512;
    static final int MEMORY_MIB = 256;

    static Cloister c;
    static Path escape;

    /** B's storage limit: room for its apache2 tree, not for the fill attack's twice that. */
    static final int STORAGE_MIB = 128;

    @BeforeAll
    static void sandboxes() throws Exception {
        escape = Attack.program();
        c = Cloister.create();
        try {
            c.run("create", "-C", "-u", "apache2", "--pids-limit", Integer.toString(PIDS_LIMIT),
                    "--memory", MEMORY_MIB + "M", "-m", "ram:/var/tmp=16M", A).assertOk();
            c.run("create", "-C", "-u", "apache2", "--storage", STORAGE_MIB + "M", B).assertOk();
            c.install(A, escape);
            c.install(B, escape);
            c.run("start", A).assertOk();
            c.run("start", B).assertOk();
        } catch (Throwable t) {
            c.close();
            throw t;
        }
    }

    @AfterAll
    static void cleanup() throws Exception {
        try {
            if (c != null) {
                c.close();
            }
        } finally {
            Attack.writeReport();
        }
    }

    /** Runs the attack program as root inside A. */
    static Result inA(String... args) throws Exception {
        return inside(A, args);
    }

    static Result inside(String name, String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("/root/escape"));
        a.addAll(List.of(args));
        return c.exec(name, a.toArray(String[]::new));
    }

    /** Runs the attack program on the host as real root (the control), optionally under a prefix (unshare, chroot). */
    static Result onHost(List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(escape.toString());
        cmd.addAll(List.of(args));
        return c.command(120, cmd);
    }

    static Result onHost(String... args) throws Exception {
        return onHost(List.of(), args);
    }

    static final List<String> PRIVATE_MOUNTS = List.of("unshare", "-m", "--propagation", "private");

    // ---------------------------------------------------------------- seed checks

    @Test
    @Order(1)
    void seedSelinuxIsDisabledInsideAndCannotBeEnforced() throws Exception {
        // getenforce does not exist on this host; emulate it exactly: Disabled iff no selinuxfs
        Result r = c.sh(A, "if command -v getenforce >/dev/null; then getenforce; "
                + "elif [ -e /sys/fs/selinux/enforce ]; then echo Enforcing-or-Permissive; else echo Disabled; fi");
        assertThat(r.assertOk().out().strip()).isEqualTo("Disabled");
        Result set = c.sh(A, "if command -v setenforce >/dev/null; then setenforce 1; "
                + "else echo 1 > /sys/fs/selinux/enforce; fi");
        assertThat(set.exit()).as("setenforce 1 inside: %s", set).isNotZero();
        Result fs = c.sh(A, "ls -d /sys/fs/selinux; grep -w selinuxfs /proc/mounts");
        assertThat(fs.exit()).as("no selinuxfs inside").isNotZero();
        Attack.note("seed: getenforce / setenforce 1", "Disabled / refused (" + set.err().strip() + ")"
                + " | no selinuxfs inside; /sys read-only");
    }

    @Test
    @Order(1)
    void seedWritesOutsideOwnPathsFailAndOwnContentWorks() throws Exception {
        assertThat(c.sh(A, "touch /file").exit()).as("touch /file").isNotZero();
        assertThat(c.sh(A, "touch /usr/x").exit()).as("touch /usr/x").isNotZero();
        assertThat(Path.of("/usr/x")).doesNotExist();
        c.sh(A, "echo clst-test-content > /var/www/html/content && cat /var/www/html/content").assertOk();
        Path content = c.tree(A).resolve("var/www/html/content");
        assertThat(content).hasContent("clst-test-content");
        // id-mapped: root inside writes files that belong to uid 0 on disk (see plantedSetuidBinary... below)
        // and a file the administrator writes from the host is root's inside, usable as is
        Path hostEdit = c.tree(A).resolve("var/www/html/host-edit.html");
        Files.writeString(hostEdit, "from the host\n");
        Result r = c.sh(A, "stat -c %u:%g /var/www/html/host-edit.html && echo more >> /var/www/html/host-edit.html")
                .assertOk();
        assertThat(r.out().strip()).isEqualTo("0:0");
        assertThat(hostEdit).hasContent("from the host\nmore");
        Attack.note("seed: touch /file, touch /usr/x / write /var/www/html/content",
                "refused (EROFS) / works, host-side edits usable | read-only root tmpfs and /usr bind (locked);"
                        + " id-mapped bind of the tree");
    }

    // ---------------------------------------------------------------- mounts

    @Test
    @Order(2)
    void remountRootUsrSysAndProcSysReadWriteGivesNothing() throws Exception {
        blocked("remount / rw", inA("remount-rw", "/", "/clst-test-probe"),
                "mount locked read-only (made by host root before the user namespace: MNT_LOCK_READONLY)");
        blocked("remount /usr rw", inA("remount-rw", "/usr", "/usr/clst-test-probe"),
                "id-mapped read-only bind made by host root: locked in the sandbox's user namespace");
        assertThat(Path.of("/usr/clst-test-probe")).doesNotExist();
        // control: the same remount of a read-only bind works for host root in a private mount namespace
        Path dir = Files.createDirectories(c.root.resolve("clst-test-robind"));
        Result ctl = c.command(60, List.of("unshare", "-m", "--propagation", "private", "/bin/sh", "-c",
                "mount --bind " + dir + " " + dir + " && mount -o remount,bind,ro " + dir + " && "
                        + escape + " remount-rw " + dir + " " + dir + "/probe"));
        control("remount / rw", ctl);
        // /sys is the sandbox's own sysfs: remounting it rw works, but host-global attributes stay host root's
        blocked("remount /sys rw", inA("remount-rw", "/sys", "/sys/clst-test-probe"),
                "sysfs of the sandbox: new files impossible");
        Path ksm = Path.of("/sys/kernel/mm/ksm/sleep_millisecs");   // last: the one part a kernel may not offer
        Prerequisites.kernelOffers(Files.exists(ksm), "no " + ksm + " (no CONFIG_KSM): no host-global sysfs attribute"
                + " to probe");
        blocked("write host sysfs after remount (/sys/kernel/mm/ksm)", inA("write-same", ksm.toString()),
                "sysfs attributes owned by host root; root inside is an unprivileged host uid (user namespace)");
        control("write host sysfs after remount (/sys/kernel/mm/ksm)", onHost("write-same", ksm.toString()));
    }

    @Test
    @Order(2)
    void mountingARealFilesystemFails() throws Exception {
        blocked("mount a real filesystem (ext4 of /usr's device)", inA("mount-realfs"),
                "no device node can be made (CAP_MKNOD is checked in the host's user namespace); block filesystems"
                        + " mount only in the initial user namespace (no FS_USERNS_MOUNT)");
        control("mount a real filesystem (ext4 of /usr's device)", onHost(PRIVATE_MOUNTS, "mount-realfs"));
    }

    @Test
    @Order(2)
    void mountsInsideNeverReachTheHost() throws Exception {
        c.sh(A, "mkdir -p /var/cache/clst-test-mnt").assertOk();
        Result r = inA("mount-over", "/var/cache/clst-test-mnt", "clst-test-planted");
        // root inside may mount in its own mount namespace; the host must see neither mount nor file
        assertThat(r.out()).contains("tmpfs mounted");
        assertThat(c.tree(A).resolve("var/cache/clst-test-mnt/clst-test-planted")).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain("clst-test-mnt");
        c.sh(A, "umount /var/cache/clst-test-mnt").assertOk();
        // control: the same file written without the mount is what the host would have seen
        c.sh(A, "echo x > /var/cache/clst-test-mnt/clst-test-planted").assertOk();
        assertThat(c.tree(A).resolve("var/cache/clst-test-mnt/clst-test-planted")).exists();
        Attack.note("mount over a host-visible path", "blocked: tmpfs mounted inside stayed in the sandbox's mount"
                + " namespace, host saw neither mount nor file | private mount namespace (monitor's, propagation"
                + " private)");
    }

    // ---------------------------------------------------------------- /proc and kernel interfaces

    @Test
    @Order(3)
    void procSysWritesFailEvenWithTheReadOnlyBindPeeledOff() throws Exception {
        String cp = "/proc/sys/kernel/core_pattern";
        blocked("write /proc/sys/kernel/core_pattern", inA("write-same", cp),
                "/proc/sys read-only bind; and the sysctl belongs to host root (user namespace)");
        blocked("write core_pattern after umount /proc/sys", inA("write-same-unmasked", cp),
                "user namespace: kernel.* sysctls are writable only by root of the initial user namespace");
        control("write /proc/sys/kernel/core_pattern", onHost("write-same", cp));
        blocked("write /proc/sys/kernel/modprobe", inA("write-same", "/proc/sys/kernel/modprobe"),
                "as core_pattern");
        control("write /proc/sys/kernel/modprobe", onHost("write-same", "/proc/sys/kernel/modprobe"));
    }

    @Test
    @Order(3)
    void sysrqTriggerKcoreAndKallsyms() throws Exception {
        blocked("read /proc/kallsyms real addresses", inA("kallsyms"),
                "kptr_restrict: addresses shown only with CAP_SYSLOG in the initial user namespace (dropped)");
        control("read /proc/kallsyms real addresses", onHost("kallsyms"));
        blocked("read /proc/kcore", inA("read", "/proc/kcore"), "masked (/dev/null bound over it); CAP_SYS_RAWIO dropped");
        control("read /proc/kcore", onHost("read", "/proc/kcore"));
    }

    @Test
    @Order(3)
    void sysrqTrigger() throws Exception {
        // writing a command is never harmless, so the check is: can it be opened for writing?
        Prerequisites.kernelOffers(Files.exists(Path.of("/proc/sysrq-trigger")),
                "this kernel has no /proc/sysrq-trigger (no CONFIG_MAGIC_SYSRQ)");
        Result r = c.sh(A, "exec 3>/proc/sysrq-trigger && echo opened");
        assertThat(r.out()).doesNotContain("opened");
        Attack.note("open /proc/sysrq-trigger for writing", "blocked | read-only bind; owned by host root (user namespace)");
    }

    @Test
    @Order(3)
    void kernelGlobalSyscallsAreRefused() throws Exception {
        blocked("init_module / finit_module", inA("modules"), "seccomp EPERM; CAP_SYS_MODULE dropped and host-only");
        Result m = onHost("modules");
        Prerequisites.kernelOffers(m.exit() != Attack.NOT_APPLICABLE, "this kernel has no module loader: control not possible");
        control("init_module / finit_module", m);
    }

    @Test
    @Order(3)
    void kexec() throws Exception {
        blocked("kexec_load / kexec_file_load", inA("kexec"), "seccomp EPERM; CAP_SYS_BOOT counts only in the initial user namespace");
        Result h = onHost("kexec");
        Prerequisites.kernelOffers(h.exit() != Attack.NOT_APPLICABLE, "this kernel has no kexec: control not possible");
        control("kexec_load / kexec_file_load", h);
    }

    @Test
    @Order(3)
    void clockAndSwap() throws Exception {
        blocked("settimeofday / clock_settime", inA("clock"), "seccomp EPERM; CAP_SYS_TIME dropped (host-only)");
        control("settimeofday / clock_settime", onHost("clock"));
        blocked("swapon / swapoff", inA("swap"), "seccomp EPERM; CAP_SYS_ADMIN of the initial user namespace needed");
        control("swapon / swapoff", onHost("swap"));
    }

    @Test
    @Order(3)
    void blockDevicesAndRawIo() throws Exception {
        long dev = (long) Files.getAttribute(Path.of("/usr"), "unix:dev");
        String major = Long.toString(((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfffL));
        String minor = Long.toString((dev & 0xff) | ((dev >> 12) & ~0xffL));
        for (String where : List.of("/dev/clst-test-disk", "/tmp/clst-test-disk", "/root/clst-test-disk")) {
            blocked("mknod the host disk (" + major + ":" + minor + ") and read it", inA("mknod", "b", major, minor, where),
                    "CAP_MKNOD is checked in the initial user namespace; /tmp, /root are nodev");
        }
        blocked("mknod a character device", inA("mknod", "c", "1", "3", "/dev/clst-test-null"), "as above");
        Path ctlDir = Files.createDirectories(c.root.resolve("clst-test-mknod"));
        control("mknod the host disk (" + major + ":" + minor + ") and read it",
                onHost("mknod", "c", "1", "3", ctlDir.resolve("null").toString()));
        blocked("raw I/O (iopl, ioperm, /dev/mem, /dev/port, /dev/kmsg, syslog)", inA("rawio"),
                "seccomp EPERM (iopl, ioperm, syslog); CAP_SYS_RAWIO dropped; minimal /dev without those nodes");
        control("raw I/O (iopl, ioperm, /dev/mem, /dev/port, /dev/kmsg, syslog)", onHost("rawio-benign"));
    }

    @Test
    @Order(3)
    void shocker() throws Exception {
        blocked("open_by_handle_at (shocker)", inA("shocker", "/etc"),
                "seccomp EPERM; CAP_DAC_READ_SEARCH of the initial user namespace required by the kernel");
        control("open_by_handle_at (shocker)", onHost("shocker", "/"));
    }

    @Test
    @Order(3)
    void cgroupV1ReleaseAgent() throws Exception {
        boolean v1 = Files.readAllLines(Path.of("/proc/self/cgroup")).stream().anyMatch(l -> !l.startsWith("0::"));
        Prerequisites.kernelOffers(v1, "this host has no cgroup v1 hierarchy: CVE-2022-0492 cannot be attempted");
        blocked("cgroup v1 release_agent / notify_on_release (CVE-2022-0492)", inA("cgroup1", "/tmp/clst-test-cg"),
                "v1 mounts inside show only the sandbox's cgroup (cgroup namespace): release_agent exists only at a"
                        + " hierarchy root; notify_on_release and limits are host root's files; new hierarchies only in the"
                        + " initial cgroup namespace; kernel requires CAP_SYS_ADMIN of the initial user namespace for"
                        + " release_agent");
        control("cgroup v1 release_agent / notify_on_release (CVE-2022-0492)",
                onHost(PRIVATE_MOUNTS, "cgroup1", c.root.resolve("clst-test-cg").toString()));
    }

    // ---------------------------------------------------------------- host binaries, fds, namespaces, processes

    @Test
    @Order(4)
    void procPidExeCannotOverwriteTheHelper() throws Exception {
        Cloister.Background race = c.startExec(A, "/root/escape", "exe-race", "6", "cloister-helper");
        Thread.sleep(300);
        for (int i = 0; i < 25; i++) {
            c.exec(A, "/bin/true").assertOk();
        }
        Result r = race.await(30);
        blocked("overwrite the helper via /proc/PID/exe (CVE-2019-5736)", r,
                "execute's child is non-dumpable until exec (PR_SET_DUMPABLE 0): /proc/PID/exe unreadable; the host"
                        + " monitor is outside the PID namespace; PID 1's binary is on the read-only /usr");
        Path copy = c.root.resolve("clst-test-exe-copy");
        Files.copy(escape, copy);
        control("overwrite the helper via /proc/PID/exe (CVE-2019-5736)", onHost("exe-control", copy.toString()));
    }

    @Test
    @Order(4)
    void noHostFileDescriptorOrWorkingDirectoryLeaks() throws Exception {
        // the caller deliberately holds host directories open (fds 7, 8) and sits in a host directory
        String cli = String.join(" ", c.cloister("execute", A, "--", "/root/escape", "leaks"));
        Result r = c.command(60, List.of("/bin/bash", "-c",
                "exec 7</ 8<" + c.root + "; cd " + c.root + " && exec " + cli));
        blocked("leaked host fd / host cwd (CVE-2024-21626), execute and PID 1", r,
                "helper closes every fd but 0-2 before exec; cwd set by the plan after pivot_root; PID 1 chdir(\"/\")");
        assertThat(r.out()).contains("checked").contains("cwd /");
        Path jail = Files.createDirectories(c.root.resolve("clst-test-jail"));
        control("leaked host fd / host cwd (CVE-2024-21626), execute and PID 1", c.command(60, List.of("/bin/bash", "-c",
                "exec 7</; cd " + c.root + " && exec " + escape + " leaks " + jail)));
    }

    @Test
    @Order(4)
    void namespacesAreNeverTheHosts() throws Exception {
        Map<String, String> host = new HashMap<>();
        for (String t : List.of("user", "mnt", "pid", "net", "ipc", "uts", "cgroup")) {
            // this JVM is a host process: its namespaces are the host's (PID 1 here is not dumpable)
            host.put(t, Long.toString((long) Files.getAttribute(Path.of("/proc/self/ns/" + t), "unix:ino")));
        }
        // control: the same program on the host reports the host's namespaces, and the check sees them
        List<String> hostSeen = onHost("namespaces").out().lines().filter(l -> l.startsWith("NS self ")).toList();
        for (String line : hostSeen) {
            String[] f = line.split(" ");
            if (host.containsKey(f[2])) {
                assertThat(f[3]).as("control: host process in host %s namespace", f[2]).isEqualTo(host.get(f[2]));
            }
        }
        Result r = inA("namespaces");
        List<String> seen = r.out().lines().filter(l -> l.startsWith("NS ")).toList();
        assertThat(seen).isNotEmpty();
        for (String line : seen) {
            String[] f = line.split(" ");
            if (host.containsKey(f[2])) {
                assertThat(f[3]).as("namespace %s visible inside (%s) is the host's", f[2], line).isNotEqualTo(host.get(f[2]));
            }
        }
        Attack.note("setns into host namespaces via /proc/*/ns", "blocked: no host namespace is reachable ("
                + seen.size() + " ns links checked; setns only into the sandbox's own) | PID namespace hides host"
                + " processes; the time namespace is shared by design (clock writes are denied)");
    }

    @Test
    @Order(4)
    void hostProcessesCannotBeSeenSignalledOrTraced() throws Exception {
        String marker = "clst-test-hostproc-" + ProcessHandle.current().pid();
        Process p = new ProcessBuilder("/bin/bash", "-c", "exec -a " + marker + " sleep 120").start();
        try {
            Thread.sleep(200);
            blocked("see, signal or ptrace a host process", inA("find-proc", marker, Long.toString(p.pid())),
                    "PID namespace (host pids do not exist inside); Landlock signal scope");
            control("see, signal or ptrace a host process", onHost("find-proc", marker));
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    @Test
    @Order(4)
    void attackSurfaceSyscalls() throws Exception {
        for (String s : List.of("bpf", "perf", "userfaultfd", "keyctl", "io_uring")) {
            blocked(s, inA("surface", s), "seccomp EPERM");
            control(s, onHost("surface", s));
        }
    }

    // ---------------------------------------------------------------- the other sandbox

    @Test
    @Order(5)
    void anotherSandboxsTreeProcessesIpcAndAbstractSocketsAreOutOfReach() throws Exception {
        String name = "clst-test-abs-" + ProcessHandle.current().pid();
        Cloister.Background listener = c.startExec(B, "/root/escape", "abs-listen", name, "30");
        listener.awaitOutput("LISTENING", 20);
        String key = "0x" + Integer.toHexString(0x5c150000 + (int) (ProcessHandle.current().pid() & 0xffff));
        inside(B, "ipc", "create", key).assertOk();

        blocked("connect to another sandbox's abstract socket", inA("abs-connect", name),
                "network namespace (abstract sockets are per netns); Landlock abstract-socket scope");
        control("connect to another sandbox's abstract socket", inside(B, "abs-connect", name));
        blocked("find another sandbox's SysV IPC", inA("ipc", "find", key), "IPC namespace");
        control("find another sandbox's SysV IPC", inside(B, "ipc", "find", key));

        long listenerHostPid = hostPidOf("abs-listen " + name);
        blocked("see or signal another sandbox's process", inA("find-proc", "abs-listen " + name, Long.toString(listenerHostPid)),
                "PID namespaces");
        control("see or signal another sandbox's process", inside(B, "find-proc", "abs-listen " + name));

        Path bFile = c.tree(B).resolve("etc/hostname");
        assertThat(bFile).exists();
        Result tree = c.sh(A, "cat " + bFile + " /proc/*/root/etc/hostname 2>/dev/null | sort -u");
        assertThat(tree.out()).doesNotContain(B);
        assertThat(c.sh(B, "cat /etc/hostname").assertOk().out()).contains(B);
        Attack.note("read another sandbox's tree", "blocked: B's tree path does not exist in A; /proc/*/root shows"
                + " only A's processes | mount namespace (only the sandbox's own tree is bound); distinct uid ranges");
        listener.stop();
    }

    private static long hostPidOf(String cmdlinePart) throws Exception {
        List<String> candidates = new ArrayList<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmd.contains(cmdlinePart)) {
                        candidates.add(n + ": " + cmd);
                    }
                    if (cmd.startsWith("/root/escape " + cmdlinePart)) {
                        return Long.parseLong(n);
                    }
                } catch (java.io.IOException e) {
                    // gone
                }
            }
        }
        throw new AssertionError("no host process runs " + cmdlinePart + "; candidates " + candidates);
    }

    // ---------------------------------------------------------------- network

    @Test
    @Order(6)
    void hostInterfacesAreInvisibleAndHostTrafficCannotBeSniffed() throws Exception {
        Result in = inA("ifaces");
        Set<String> inside = in.out().lines().filter(l -> l.startsWith("IFACE ")).map(l -> l.substring(6)).collect(Collectors.toSet());
        Set<String> onHost = onHost("ifaces").out().lines().filter(l -> l.startsWith("IFACE ")).map(l -> l.substring(6))
                .collect(Collectors.toSet());
        assertThat(inside).as("interfaces inside").isSubsetOf(Set.of("lo", "host0"));
        assertThat(onHost).as("control: the host has interfaces the sandbox must not see").contains("lo")
                .hasSizeGreaterThan(2);
        Attack.note("see the host's network interfaces", "blocked: inside " + inside + ", host " + onHost.size()
                + " interfaces | network namespace");

        String marker = "clst-test-sniff-" + ProcessHandle.current().pid();
        Cloister.Background sniffer = c.startExec(A, "/root/escape", "sniff", marker, "4");
        sniffer.awaitOutput("SNIFFING", 20);
        sendMarker(marker);
        blocked("sniff host traffic (AF_PACKET)", sniffer.await(30), "network namespace: a packet socket sees only the"
                + " sandbox's own interfaces");
        Cloister.Background hostSniffer = c.start(List.of(escape.toString(), "sniff", marker, "4"));
        hostSniffer.awaitOutput("SNIFFING", 10);
        sendMarker(marker);
        control("sniff host traffic (AF_PACKET)", hostSniffer.await(30));
    }

    private static void sendMarker(String marker) throws Exception {
        byte[] data = marker.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < 10; i++) {
                s.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), 9));
                Thread.sleep(50);
            }
        }
    }

    // ---------------------------------------------------------------- terminal, chroot

    @Test
    @Order(7)
    void tiocstiCannotReachTheCallersTerminal() throws Exception {
        String cli = String.join(" ", c.cloister("execute", "--tty", A, "--", "/root/escape", "tiocsti"));
        Cloister.Background exec = c.start(List.of("script", "-qec", cli, "/dev/null"));
        Result r = exec.await(60);
        assertThat(r.out()).contains("stdin is /dev/pts/");
        blocked("TIOCSTI into the caller's terminal (execute)", r,
                "seccomp EPERM on ioctl TIOCSTI/TIOCLINUX; execute gives the command a fresh pty of the sandbox's devpts");
        Cloister.Background connect = c.start(List.of("script", "-qec", String.join(" ", c.cloister("connect", A)), "/dev/null"));
        connect.process().getOutputStream().write("/root/escape tiocsti; exit\n".getBytes(StandardCharsets.UTF_8));
        connect.process().getOutputStream().flush();
        Result cr = connect.await(60);
        assertThat(cr.out()).as("connect session").contains("RESULT tiocsti").doesNotContain("tiocsti SUCCEEDED");
        Attack.note("TIOCSTI into the caller's terminal (connect)", "blocked: " + cr.out().lines()
                .filter(l -> l.contains("RESULT tiocsti")).findFirst().orElse("").strip() + " | as execute");
        Cloister.Background host = c.start(List.of("script", "-qec", escape + " tiocsti", "/dev/null"));
        Result h = host.await(30);
        control("TIOCSTI into the caller's terminal (execute)",
                h.out().contains("tiocsti SUCCEEDED") ? new Result(0, h.out(), "") : h);
    }

    @Test
    @Order(7)
    void chrootAndFchdirCannotClimbOutOfTheRoot() throws Exception {
        Path marker = c.root.resolve("clst-test-host-marker");
        Files.writeString(marker, "host");
        blocked("chroot escape (chdir ..)", inA("chroot-escape", marker.toString()),
                "pivot_root + detached old root: the sandbox's root is its mount namespace's root; nothing above it");
        blocked("fchdir escape", inA("fchdir-escape", marker.toString()), "as above");
        Path jail = Files.createDirectories(c.root.resolve("clst-test-chroot-jail/tmp"));
        Files.copy(escape, jail.getParent().resolve("escape"));
        control("chroot escape (chdir ..)", c.command(30, List.of("chroot", jail.getParent().toString(), "/escape",
                "chroot-escape", marker.toString())));
        control("fchdir escape", c.command(30, List.of("chroot", jail.getParent().toString(), "/escape",
                "fchdir-escape", marker.toString())));
    }

    // ---------------------------------------------------------------- resources

    @Test
    @Order(8)
    void forkBombStopsAtThePidsLimit() throws Exception {
        control("fork bomb", inA("fork-bomb", "50"));
        Result r = inA("fork-bomb", "100000");
        blocked("fork bomb", r, "cgroup pids.max (--pids-limit " + PIDS_LIMIT + ")");
        long forked = Long.parseLong(r.out().lines().filter(l -> l.startsWith("FORKED ")).findFirst().orElseThrow().substring(7));
        assertThat(forked).isLessThan(PIDS_LIMIT);
        c.exec(B, "/bin/true").assertOk();
        c.exec(A, "/bin/true").assertOk();
        c.host("/bin/true").assertOk();
    }

    @Test
    @Order(8)
    void memoryHogIsKilledInsideOnly() throws Exception {
        control("memory hog", inA("mem-hog", "32"));
        Result r = inA("mem-hog", "4096");
        assertThat(r.exit()).as("the hog is OOM-killed (SIGKILL → 137): %s", r).isEqualTo(137);
        long reached = r.out().lines().filter(l -> l.startsWith("ALLOCATED ")).mapToLong(l -> Long.parseLong(l.substring(10)))
                .max().orElse(0);
        assertThat(reached).isLessThanOrEqualTo(MEMORY_MIB);
        assertThat(c.run("list", "--json").assertOk().out()).contains("\"running\"");
        c.exec(A, "/bin/true").assertOk();
        assertThat(c.sh(A, "systemctl is-active apache2").out().strip()).isEqualTo("active");
        Attack.note("memory hog", "blocked: OOM-killed inside after " + reached + " MiB; PID 1 and apache2 kept running"
                + " | memory cgroup (--memory " + MEMORY_MIB + "M)");
    }

    @Test
    @Order(8)
    void cpuHogLeavesTheOtherSandboxItsShare() throws Exception {
        long baseline = spins(inside(B, "spin", "2", "1"));
        int threads = 2 * Runtime.getRuntime().availableProcessors();
        Cloister.Background hog = c.startExec(A, "/root/escape", "spin", "8", Integer.toString(threads));
        Thread.sleep(1000);
        long during = spins(inside(B, "spin", "2", "1"));
        hog.await(30);
        double ratio = (double) during / baseline;
        assertThat(ratio).as("B's one-thread speed while A burns %d threads (baseline %d, during %d)", threads, baseline, during)
                .isGreaterThan(0.25);
        Attack.note("CPU hog", String.format("blocked: B kept %.0f%% of its single-thread speed while A ran %d busy threads"
                + " | cpu cgroup shares (equal weights)", ratio * 100, threads));
    }

    private static long spins(Result r) {
        return Long.parseLong(r.assertOk().out().lines().filter(l -> l.startsWith("SPIN ")).findFirst().orElseThrow().substring(5));
    }

    @Test
    @Order(8)
    void fillingStorage() throws Exception {
        // with a size-limited mount (-m ram:/var/tmp=16M) the sandbox stops at the limit
        Result r = inA("fill", "/var/tmp/clst-test-fill", "64");
        blocked("fill a size-limited path (-m ram:/var/tmp=16M)", r, "tmpfs size= (counted in the memory cgroup)");
        c.sh(A, "rm -f /var/tmp/clst-test-fill").assertOk();
        // without one, the tree is a directory of the host filesystem: what is written lands on the host's disk
        Result u = inA("fill", "/var/cache/clst-test-fill", "32");
        Path onHostDisk = c.tree(A).resolve("var/cache/clst-test-fill");
        assertThat(u.exit()).isEqualTo(Attack.SUCCEEDED);
        assertThat(Files.size(onHostDisk)).isEqualTo(32L << 20);
        c.sh(A, "rm -f /var/cache/clst-test-fill").assertOk();
        Attack.note("fill the tree without a limit (/var)", "NOT LIMITED: 32 MiB written landed in the host's"
                + " filesystem | give the sandbox --storage SIZE (below)");
        // with --storage the tree is an image of that size: the sandbox stops there, the host does not notice
        Result limited = inside(B, "fill", "/var/cache/clst-test-fill", Integer.toString(2 * STORAGE_MIB));
        blocked("fill the tree past its --storage " + STORAGE_MIB + "M", limited,
                "the tree lives in a " + STORAGE_MIB + "M ext4 image (ENOSPC inside only)");
        c.sh(B, "rm -f /var/cache/clst-test-fill").assertOk();
    }

    // ---------------------------------------------------------------- last: reboot ends only the sandbox

    @Test
    @Order(99)
    void rebootEndsOnlyTheSandbox() throws Exception {
        double before = uptime();
        Result r = inside(B, "reboot");
        // the kernel kills the PID namespace's init (and the caller with it) instead of rebooting
        Thread.sleep(500);
        boolean stopped = false;
        for (int i = 0; i < 100 && !stopped; i++) {
            String list = c.run("list", "--json").assertOk().out();
            int at = list.indexOf("\"" + B + "\"");
            stopped = !list.substring(at, Math.min(list.length(), at + 200)).contains("\"running\"");
            if (!stopped) {
                Thread.sleep(100);
            }
        }
        assertThat(stopped).as("B ended by reboot(POWER_OFF) inside it; execute said: %s", r).isTrue();
        assertThat(uptime()).as("host uptime keeps growing: the host did not reboot").isGreaterThan(before);
        c.exec(A, "/bin/true").assertOk();
        Attack.note("reboot / power off the host", "blocked: reboot(POWER_OFF) inside B ended B only (its PID namespace);"
                + " host up, A running | PID namespace (reboot_pid_ns); CAP_SYS_BOOT of the initial user namespace"
                + " needed for a real reboot");
    }

    private static double uptime() throws Exception {
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    }
}
