package dev.cloister.service;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The general rules that sort a host path into private, shared or ignored. They name FHS
 * directories, never services.
 */
final class PathRules {
    private static final Path ROOT = Path.of("/");
    private static final Path ETC = Path.of("/etc");
    private static final Path RUN = Path.of("/run");
    private static final Path PAM = Path.of("/etc/pam.d");

    /** Where a service keeps what it owns: configuration (/etc) and state. */
    private static final Set<Path> PERSISTENT = paths("/etc", "/var", "/srv", "/home", "/root");

    /** Volatile trees: the sandbox gets its own fresh ones, so nothing under them persists. */
    private static final Set<Path> VOLATILE = paths("/run", "/var/run", "/var/lock", "/tmp", "/var/tmp", "/dev/shm");

    /**
     * Directories shared by many packages: a package's private unit is the entry one level below
     * them (/etc/apache2, /var/log/apache2, /etc/default/apache-htcacheclean), never the directory itself.
     */
    private static final Set<Path> HIERARCHY = paths("/etc", "/var", "/srv", "/home", "/var/lib", "/var/log",
            "/var/cache", "/var/spool", "/var/opt", "/var/local", "/var/mail", "/var/backups", "/etc/default",
            "/etc/sysconfig", "/etc/opt", "/etc/ssl", "/etc/ssl/certs", "/etc/ssl/private", "/etc/pam.d");

    /**
     * Configuration read by the host's own maintenance, not by the service: log rotation, cron,
     * SysV init scripts, systemd, firewall and MAC profiles, kernel and udev settings, sudo, shell
     * integration, and the package manager's own state. It stays host-side; inside the sandbox
     * nothing would read it (or, for systemd, cloister writes its own).
     */
    private static final Set<Path> HOST_MAINTENANCE = paths("/etc/logrotate.d", "/etc/cron.d", "/etc/cron.hourly",
            "/etc/cron.daily", "/etc/cron.weekly", "/etc/cron.monthly", "/etc/cron.yearly", "/etc/init.d",
            "/etc/init", "/etc/rc0.d", "/etc/rc1.d", "/etc/rc2.d", "/etc/rc3.d", "/etc/rc4.d", "/etc/rc5.d",
            "/etc/rc6.d", "/etc/rcS.d", "/etc/insserv.conf.d", "/etc/systemd", "/etc/tmpfiles.d", "/etc/ufw",
            "/etc/firewalld", "/etc/apparmor", "/etc/apparmor.d", "/etc/selinux", "/etc/sudoers.d",
            "/etc/modprobe.d", "/etc/modules-load.d", "/etc/sysctl.d", "/etc/udev", "/etc/security",
            "/etc/logcheck", "/etc/bash_completion.d", "/etc/profile.d", "/etc/ld.so.conf.d", "/etc/dbus-1",
            "/etc/polkit-1", "/etc/xinetd.d", "/etc/X11", "/var/lib/dpkg", "/var/lib/apt", "/var/cache/apt",
            "/var/cache/debconf", "/var/lib/ucf", "/var/lib/systemd", "/var/lib/rpm", "/var/log/journal");

    private PathRules() {
    }

    static boolean isPersistent(Path path) {
        return PERSISTENT.stream().anyMatch(p -> path.startsWith(p) && !path.equals(p)) && !isVolatile(path);
    }

    static boolean isVolatile(Path path) {
        return VOLATILE.stream().anyMatch(path::startsWith);
    }

    /** /var/run and /var/lock are links into /run on every current distribution. */
    static Path canonical(Path path) {
        Path p = path.normalize();
        if (p.startsWith("/var/run")) {
            return RUN.resolve(Path.of("/var/run").relativize(p));
        }
        if (p.startsWith("/var/lock")) {
            return RUN.resolve("lock").resolve(Path.of("/var/lock").relativize(p));
        }
        return p;
    }

    /** A directory below /run that systemd or tmpfiles makes at boot (not /run or /run/lock themselves). */
    static boolean isRuntimeDirectory(Path path) {
        return path.startsWith(RUN) && path.getNameCount() >= 2 && !path.equals(Path.of("/run/lock"));
    }

    static boolean isConfiguration(Path path) {
        return path.startsWith(ETC);
    }

    /** PAM stacks include the host's common-* policy; a private copy would drift from it, so they are shared. */
    static boolean isPam(Path path) {
        return path.startsWith(PAM);
    }

    static boolean isHostMaintenance(Path path) {
        return HOST_MAINTENANCE.stream().anyMatch(path::startsWith);
    }

    /**
     * The unit a package path belongs to: its ancestor one level below a shared directory
     * (/etc/apache2/mods-available/x.load → /etc/apache2). Empty for shared directories themselves.
     */
    static Optional<Path> packageRoot(Path path) {
        if (HIERARCHY.contains(path) || HOST_MAINTENANCE.contains(path)) {
            return Optional.empty();
        }
        Path root = path;
        while (root.getParent() != null && !HIERARCHY.contains(root.getParent())
                && !HOST_MAINTENANCE.contains(root.getParent()) && !root.getParent().equals(ROOT)) {
            root = root.getParent();
        }
        return root.getParent() == null || root.getParent().equals(ROOT) ? Optional.empty() : Optional.of(root);
    }

    private static Set<Path> paths(String... paths) {
        return Arrays.stream(paths).map(Path::of).collect(Collectors.toUnmodifiableSet());
    }
}
