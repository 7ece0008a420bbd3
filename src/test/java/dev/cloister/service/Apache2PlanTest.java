package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "-u apache2.service" on a fake root built from Debian 12's real apache2 package: its file
 * list, its unit, and the owners and modes its /etc and /var paths have on a real host.
 */
class Apache2PlanTest {
    private static final String REASON = "package apache2 ships ";
    @TempDir
    Path tmp;
    private ServicePlanner planner;

    @BeforeEach
    void setUp() {
        FakeHost host = new FakeHost(tmp).write("/usr/lib/systemd/system/apache2.service", FakeHost.fixture("apache2.service"))
                .write("/usr/lib/systemd/system/systemd-journald.service", "[Service]\nType=notify\n")
                .write("/var/lib/dpkg/status", FakeHost.fixture("dpkg-status.txt"))
                .write("/etc/passwd", FakeHost.fixture("passwd")).write("/etc/group", FakeHost.fixture("group"))
                .answer(FakeHost.fixture("dpkg-S-apache2-service.txt"), "-S", "/lib/systemd/system/apache2.service")
                .answer(FakeHost.fixture("dpkg-L-apache2.txt"), "-L", "apache2")
                .answer("apache2", "-W", "--showformat=${source:Package}", "apache2");
        // "directory|33|33|755|/var/cache/apache2/mod_cache_disk", from stat(1) on the real host.
        for (String line : FakeHost.fixture("apache2-host-stat.txt").lines().toList()) {
            String[] f = line.split("\\|");
            if (f[0].equals("directory")) {
                host.mkdir(f[4]);
            } else {
                host.write(f[4], "x");
            }
            host.owner(f[4], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3], 8));
        }
        planner = new ServicePlanner(tmp, host.dpkg(), host.files());
    }

    @Test
    void withCopyTheConfigurationAndStateAreCopiedExactly() {
        ServiceLayout layout = planner.plan(new ServiceRequest("container1", List.of("apache2.service"), List.of(), true));

        assertThat(layout.privatePaths()).containsExactly(
                copy("/etc/apache2", PathKind.DIRECTORY, 0, 0, 0755),
                copy("/etc/default/apache-htcacheclean", PathKind.FILE, 0, 0, 0644),
                copy("/var/cache/apache2", PathKind.DIRECTORY, 0, 0, 0755),
                copy("/var/lib/apache2", PathKind.DIRECTORY, 0, 0, 0755),
                copy("/var/log/apache2", PathKind.DIRECTORY, 0, 4, 0750),
                copy("/var/www", PathKind.DIRECTORY, 0, 0, 0755));
        assertThat(layout.sharedPaths()).isEmpty();
        assertThat(layout.enabledUnits()).containsExactly("apache2.service", "systemd-journald.service");
        assertThat(layout.dropIns()).isEmpty();
        assertThat(layout.notes()).isEmpty();
        assertThat(layout.units()).extracting(u -> u.name().fullName()).containsExactly("apache2.service");
    }

    @Test
    void withoutCopyTheConfigurationIsSharedAndTheStateCreatedEmptyWithTheHostsOwners() {
        ServiceLayout layout = planner.plan(new ServiceRequest("container1", List.of("apache2"), List.of(), false));

        assertThat(layout.sharedPaths()).containsExactly(
                new SharedPath(Path.of("/etc/apache2"), REASON + "/etc/apache2"),
                new SharedPath(Path.of("/etc/default/apache-htcacheclean"), REASON + "/etc/default/apache-htcacheclean"));
        assertThat(layout.privatePaths()).containsExactly(
                empty("/var/cache/apache2", 0, 0, 0755),
                empty("/var/cache/apache2/mod_cache_disk", 33, 33, 0755),
                empty("/var/lib/apache2", 0, 0, 0755),
                empty("/var/log/apache2", 0, 4, 0750),
                empty("/var/www", 0, 0, 0755),
                empty("/var/www/html", 0, 0, 0755));
        assertThat(layout.enabledUnits()).containsExactly("apache2.service", "systemd-journald.service");
        assertThat(layout.dropIns()).isEmpty();
    }

    private static PrivatePath copy(String path, PathKind kind, int uid, int gid, int mode) {
        return new PrivatePath(Path.of(path), kind, Origin.COPY_FROM_HOST, uid, gid, mode, REASON + path);
    }

    private static PrivatePath empty(String path, int uid, int gid, int mode) {
        return new PrivatePath(Path.of(path), PathKind.DIRECTORY, Origin.CREATE_EMPTY, uid, gid, mode, REASON + path);
    }
}
