package dev.cloister;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine it runs on, in two kinds. What {@code .ci/setup} installs (a package, a tool,
 * a service's unit, the helper that {@code make} builds) and running as root for a {@code root}-tagged test are
 * prerequisites: when one is missing the test fails, naming what to install, so a CI run without a package cannot
 * pass silently. What the running kernel cannot offer (a config option, a cgroup hierarchy, a filesystem feature)
 * is the only reason to skip, and the reason is printed ({@link #kernelOffers}).
 */
public final class Prerequisites {
    /**
     * Every Debian package a test may require; each is in one of .ci/setup's lists (PrerequisitesTest checks), so
     * "install X" is always something .ci/setup does.
     */
    public static final Set<String> CI_PACKAGES = Set.of("apache2", "nginx", "postgresql", "mariadb-server",
            "redis-server", "memcached", "dovecot-imapd", "openssh-server", "curl", "postgresql-client", "mariadb-client",
            "redis-tools", "openssh-client", "openssl", "nftables", "busybox", "gcc", "systemd", "ca-certificates", "ssl-cert", "linux-libc-dev");
    /** A service's unit (without .service) → the package that ships it. */
    static final Map<String, String> UNITS = Map.of("apache2", "apache2", "nginx", "nginx", "postgresql", "postgresql",
            "mariadb", "mariadb-server", "redis-server", "redis-server", "memcached", "memcached", "dovecot",
            "dovecot-imapd", "ssh", "openssh-server");
    /** A host-side program the tests run → its package. */
    static final Map<String, String> PROGRAMS = Map.of("curl", "curl", "psql", "postgresql-client", "mariadb",
            "mariadb-client", "redis-cli", "redis-tools", "nft", "nftables", "busybox", "busybox", "gcc", "gcc",
            "systemd-analyze", "systemd", "ssh", "openssh-client", "openssl", "openssl");
    private static final List<String> UNIT_DIRS = List.of("/etc/systemd/system/", "/lib/systemd/system/",
            "/usr/lib/systemd/system/");

    private Prerequisites() {
    }

    /** Fails unless this JVM runs as root: root-tagged tests run only as root (`make test`; `make unit-test` excludes them). */
    public static void requireRoot() {
        String user = System.getProperty("user.name");
        if (!"root".equals(user)) {
            fail("this root-tagged test needs root (it runs as " + user + "): run it as root (`make test` does);"
                    + " `make unit-test` excludes the root tag");
        }
    }

    /** Fails unless the helper `make` builds is at HELPER. */
    public static void requireHelper(Path helper) {
        if (!Files.isExecutable(helper)) {
            fail(helper + " is missing: build the helper first (make; make unit-test builds it too)");
        }
    }

    /** Fails unless UNIT.service is installed (its package is named: .ci/setup installs it). */
    public static void requireUnit(String unit) {
        String pkg = known(UNITS, unit, "unit");
        if (UNIT_DIRS.stream().noneMatch(d -> Files.exists(Path.of(d + unit + ".service")))) {
            missing(unit + ".service", pkg);
        }
    }

    /** Fails unless PROGRAM is on the PATH (its package is named: .ci/setup installs it). */
    public static void requireProgram(String program) {
        String pkg = known(PROGRAMS, program, "program");
        if (Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .noneMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, program)))) {
            missing(program + " (not on the PATH)", pkg);
        }
    }

    /** Fails unless PATH exists (PACKAGE, which .ci/setup installs, provides it). */
    public static void requireFile(Path path, String pkg) {
        require(Files.exists(path), path.toString(), pkg);
    }

    /** Fails unless PATH is an executable file (PACKAGE, which .ci/setup installs, provides it). */
    public static void requireExecutable(Path path, String pkg) {
        require(Files.isExecutable(path), path.toString(), pkg);
    }

    /** Fails unless PRESENT; WHAT is what is missing, PACKAGE what provides it (.ci/setup installs it). */
    public static void require(boolean present, String what, String pkg) {
        known(pkg);
        if (!present) {
            missing(what, pkg);
        }
    }

    /** Fails unless PRESENT; WHAT is what is missing, which .ci/setup makes (a host key, say) after installing. */
    public static void requireCiSetup(boolean present, String what) {
        if (!present) {
            fail(what + " is missing: run .ci/setup (it makes it)");
        }
    }

    /**
     * Skips the test, printing REASON, unless OFFERED: only for what the running kernel cannot offer (a config
     * option, a cgroup hierarchy, a filesystem feature), never for something a package provides.
     */
    public static void kernelOffers(boolean offered, String reason) {
        if (!offered) {
            String caller = StackWalker.getInstance().walk(s -> s.skip(1)
                    .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                    .filter(m -> m.matches("\\w+(Test|IT)\\.\\w+")).findFirst().orElse("?"));   // the test method
            System.out.println("SKIPPED (the kernel cannot offer it) " + caller + ": " + reason);
            Assumptions.abort("the kernel cannot offer it: " + reason);
        }
    }

    private static void missing(String what, String pkg) {
        fail(what + " is missing: install " + pkg + " (.ci/setup installs it)");
    }

    private static String known(Map<String, String> table, String key, String kind) {
        String pkg = table.get(key);
        if (pkg == null) {
            throw new IllegalArgumentException("no package known for the " + kind + " " + key
                    + ": add it to Prerequisites and its package to .ci/setup");
        }
        return pkg;
    }

    private static void known(String pkg) {
        if (!CI_PACKAGES.contains(pkg)) {
            throw new IllegalArgumentException(pkg + " is not one of .ci/setup's packages: add it there and to"
                    + " Prerequisites.CI_PACKAGES");
        }
    }
}
