package dev.cloister.tree;

import dev.cloister.os.KernelRandom;
import dev.cloister.service.SharedEtc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lays out a new sandbox tree: its own /etc (the host's world-readable configuration, with
 * identity files of its own and no host secrets; the {@link SharedEtc} directories empty, as
 * mount points), and empty /var, /root and /home.
 */
public final class TreeSeeder {

    private static final List<String> VAR_DIRS = List.of("var/lib", "var/log", "var/cache", "var/spool",
            "var/lib/dbus");

    private TreeSeeder() {
    }

    /**
     * Seeds {@code tree}; the directories {@code copiedWhole} (absolute, e.g. a service's
     * /etc/apache2 that create -C copies with everything in it) are left empty under /etc.
     */
    public static void seed(HostCopy copier, Path hostRoot, Path tree, String hostname, Set<Path> copiedWhole)
            throws IOException {
        Files.createDirectories(tree);
        // Only host root enters a tree (see Store.ensureLayout): nothing in it is for host users.
        Files.setPosixFilePermissions(tree, PosixFilePermissions.fromString("rwx------"));
        Path etc = Path.of("/etc");
        Set<Path> emptied = Stream.concat(SharedEtc.present(hostRoot).stream(), copiedWhole.stream())
                .filter(p -> p.startsWith(etc) && !p.equals(etc)).map(etc::relativize).collect(Collectors.toSet());
        copier.copy(hostRoot.resolve("etc"), tree.resolve("etc"), HostCopy.Filter.WORLD_READABLE, emptied);
        mkdir(tree.resolve("var"), "rwxr-xr-x");
        for (String dir : VAR_DIRS) {
            mkdir(tree.resolve(dir), "rwxr-xr-x");
        }
        mkdir(tree.resolve("var/tmp"), "rwxrwxrwx");
        // The sticky bit has no PosixFilePermission: set the whole mode.
        Files.setAttribute(tree.resolve("var/tmp"), "unix:mode", 01777, LinkOption.NOFOLLOW_LINKS);
        mkdir(tree.resolve("root"), "rwx------");
        mkdir(tree.resolve("home"), "rwxr-xr-x");
        writeIdentity(tree.resolve("etc"), hostname);
        writeAccounts(hostRoot, tree.resolve("etc"));
    }

    /** Rewrites the files that say who the machine is; a clone calls this with its new name. */
    public static void writeIdentity(Path etc, String hostname) throws IOException {
        replace(etc.resolve("hostname"), hostname + "\n", "rw-r--r--");
        replace(etc.resolve("machine-id"), newMachineId() + "\n", "r--r--r--");
        replace(etc.resolve("hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n", "rw-r--r--");
    }

    /** Locked accounts, the host's resolver and an mtab link: what a new tree's /etc needs. */
    private static void writeAccounts(Path hostRoot, Path etc) throws IOException {
        replace(etc.resolve("shadow"), lockedAccounts(etc.resolve("passwd")), "rw-r-----");
        replace(etc.resolve("gshadow"), lockedAccounts(etc.resolve("group")), "rw-r-----");
        Path resolv = hostRoot.resolve("etc/resolv.conf");
        String resolvConf = Files.exists(resolv) ? Files.readString(resolv) : "";
        replace(etc.resolve("resolv.conf"), resolvConf, "rw-r--r--");
        Path mtab = etc.resolve("mtab");
        Files.deleteIfExists(mtab);
        Files.createSymbolicLink(mtab, Path.of("../proc/self/mounts"));
    }

    /** The accounts of passwd/group with every password locked: host password hashes never enter a sandbox. */
    private static String lockedAccounts(Path accounts) throws IOException {
        if (!Files.exists(accounts)) {
            return "";
        }
        boolean isPasswd = accounts.getFileName().toString().equals("passwd");
        return Files.readAllLines(accounts).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.substring(0, Math.max(0, l.indexOf(':'))))
                .filter(name -> !name.isEmpty())
                .map(name -> isPasswd ? name + ":*:19000:0:99999:7:::" : name + ":*::")
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String newMachineId() {
        return HexFormat.of().formatHex(KernelRandom.bytes(16));
    }

    private static void replace(Path file, String content, String perms) throws IOException {
        Files.deleteIfExists(file);
        // written through the descriptor that creates it: a read-only mode binds only later opens (and not root's)
        try (SeekableByteChannel out = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms)))) {
            out.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static void mkdir(Path dir, String perms) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(perms));
    }
}
