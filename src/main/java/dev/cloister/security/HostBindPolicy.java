package dev.cloister.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which host paths {@code -m host-bind:DST=SRC} may bind into a sandbox, read-write: general rules
 * on what a source is, never a list of services. Refused, each with the reason:
 * <ul>
 * <li>the host's system: {@code /} and every path that is, contains or lies inside one of
 *     {@link #SYSTEM} (root inside could edit what host root runs or trusts);</li>
 * <li>kernel and runtime interfaces: a source on a pseudo filesystem ({@link #KERNEL_FS}), or
 *     in {@code /proc}, {@code /sys}, {@code /dev}, {@code /run} (host sockets, other processes);</li>
 * <li>cloister's own store (configs, trees of every sandbox, runtime state), or a path containing it;</li>
 * <li>host secrets: a file that host users cannot read (not world-readable, like /etc/shadow);</li>
 * <li>anything but a directory or a regular file (devices, sockets), and a source whose path
 *     goes through a symlink (the helper refuses it at start: name the real path).</li>
 * </ul>
 * A source that does not exist is left to the existence check: this class only judges what is there.
 * {@code runtime.HostBindSources} applies it where every host-bind check lives (create, clone,
 * upgrade, and a start that compiles a hand-edited config).
 */
public final class HostBindPolicy {

    /** The host's own system: what host root executes, loads or reads its configuration from. */
    static final List<Path> SYSTEM = List.of(Path.of("/etc"), Path.of("/usr"), Path.of("/boot"), Path.of("/bin"),
            Path.of("/sbin"), Path.of("/lib"), Path.of("/lib32"), Path.of("/lib64"), Path.of("/libx32"),
            Path.of("/var/lib/dpkg"), Path.of("/var/lib/rpm"), Path.of("/var/lib/systemd"));

    /** Host interfaces that are not data: kernel objects, devices, sockets of host services. */
    static final List<Path> INTERFACES = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"), Path.of("/run"),
            Path.of("/var/run"));

    /** Pseudo filesystems: their files are kernel interfaces of the host (as seen from the host's namespaces). */
    static final Set<String> KERNEL_FS = Set.of("proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2",
            "debugfs", "tracefs", "securityfs", "bpf", "mqueue", "configfs", "fusectl", "efivarfs", "pstore",
            "binfmt_misc", "hugetlbfs", "autofs", "nsfs", "selinuxfs", "rpc_pipefs");

    private final List<Path> store;

    /** @param store cloister's own directories (configs, state with every tree, runtime, host units) */
    public HostBindPolicy(List<Path> store) {
        this.store = store.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Why SOURCE must not be bound into a sandbox, or empty when it may. */
    public Optional<String> refusal(String source) throws IOException {
        Path path = Path.of(source).normalize();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        Path real = path.toRealPath();
        if (!real.equals(path)) {
            return Optional.of(source + " goes through a symlink (it is " + real + "): name the real path");
        }
        PosixFileAttributes a = Files.readAttributes(real, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile() && !a.permissions().contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.of(source + " is not readable by host users (" + modeText(a)
                    + "): a host secret is never bound into a sandbox");
        }
        if (real.getNameCount() == 0) {
            return Optional.of("/ is the whole host: root inside would own every host file");
        }
        for (Path system : SYSTEM) {
            if (real.startsWith(system) || system.startsWith(real)) {
                return Optional.of(source + (real.startsWith(system) ? " lies in " : " contains ") + system
                        + ", the host's own system: root inside could change what host root runs or trusts");
            }
        }
        for (Path iface : INTERFACES) {
            if (real.startsWith(iface)) {
                return Optional.of(source + " lies in " + iface + ": kernel, device and host-service interfaces,"
                        + " not data, are never bound into a sandbox");
            }
        }
        for (Path own : store) {
            if (real.startsWith(own) || own.startsWith(real)) {
                return Optional.of(source + (real.startsWith(own) ? " lies in " : " contains ") + own
                        + ", cloister's own store (the configs, trees and runtime state of every sandbox)");
            }
        }
        String type = Files.getFileStore(real).type();
        if (KERNEL_FS.contains(type)) {
            return Optional.of(source + " is on a " + type + " filesystem: a kernel interface of the host, not data");
        }
        if (!a.isDirectory() && !a.isRegularFile()) {
            return Optional.of(source + " is neither a directory nor a regular file (a device or a socket)");
        }
        return Optional.empty();
    }

    private static String modeText(PosixFileAttributes a) {
        return "mode " + PosixFilePermissions.toString(a.permissions()) + ", " + a.owner().getName() + ":"
                + a.group().getName();
    }
}
