package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A postgresql@.service-style template: instance from the sandbox, tmpfiles.d, maintainer-made data. */
class TemplatePlanTest {
    private static final String TMPFILES = "/usr/lib/tmpfiles.d/pgsql-common.conf";
    @TempDir
    Path tmp;
    private FakeHost host;

    @BeforeEach
    void setUp() {
        host = new FakeHost(tmp).write("/usr/lib/systemd/system/pgsql@.service", """
                [Unit]
                Description=Cluster %i
                AssertPathExists=/etc/pgsql/%I/pgsql.conf
                [Service]
                Type=forking
                ExecStart=/usr/bin/pg_ctlcluster %i start
                PIDFile=/run/pgsql/%i.pid
                [Install]
                WantedBy=multi-user.target
                """)
                .write("/usr/lib/systemd/system/systemd-journald.service", "[Service]\n")
                .write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\npostgres:x:101:104::/var/lib/pgsql:/bin/bash\n")
                .write("/etc/group", "root:x:0:\npostgres:x:104:\n")
                .write("/etc/pgsql-common/common.conf", "x").write("/etc/pgsql/main/pgsql.conf", "x")
                .write(TMPFILES, "d /run/pgsql 2775 postgres postgres - -\nd /var/log/pgsql 1775 root postgres - -\n")
                .mkdir("/var/lib/pgsql/main").owner("/var/lib/pgsql", 101, 104, 0755)
                .answer("pgsql-common: /lib/systemd/system/pgsql@.service\n", "-S", "/lib/systemd/system/pgsql@.service")
                .answer("/.\n/etc\n/etc/pgsql\n/etc/pgsql-common\n/etc/pgsql-common/common.conf\n/lib/systemd/system/pgsql@.service\n"
                        + TMPFILES + "\n", "-L", "pgsql-common")
                .answer("pgsql-common", "-W", "--showformat=${source:Package}", "pgsql-common");
    }

    private ServiceLayout plan(boolean copy) {
        return new ServicePlanner(tmp, host.dpkg(), host.files()).plan(
                new ServiceRequest("main", List.of("pgsql@"), List.of(), copy));
    }

    @Test
    void theTemplateIsInstantiatedForTheSandboxAndItsDataIsPrivate() {
        ServiceLayout layout = plan(true);

        assertThat(layout.enabledUnits()).containsExactly("pgsql@main.service", "systemd-journald.service");
        assertThat(layout.privatePaths()).containsExactly(
                new PrivatePath(Path.of("/etc/pgsql"), PathKind.DIRECTORY, Origin.COPY_FROM_HOST, ownerUid(), ownerGid(), 0755,
                        "package pgsql-common ships /etc/pgsql"),
                new PrivatePath(Path.of("/etc/pgsql-common"), PathKind.DIRECTORY, Origin.COPY_FROM_HOST, ownerUid(), ownerGid(),
                        0755, "package pgsql-common ships /etc/pgsql-common"),
                new PrivatePath(Path.of("/run/pgsql"), PathKind.DIRECTORY, Origin.CREATE_AT_BOOT, 101, 104, 02775,
                        "tmpfiles.d line 'd /run/pgsql 2775 postgres postgres - -' in " + TMPFILES + " (package pgsql-common)"),
                new PrivatePath(Path.of("/var/lib/pgsql"), PathKind.DIRECTORY, Origin.COPY_FROM_HOST, 101, 104, 0755,
                        "exists on the host, named after unit pgsql@main.service (made by its maintainer scripts)"),
                new PrivatePath(Path.of("/var/log/pgsql"), PathKind.DIRECTORY, Origin.CREATE_EMPTY, 0, 104, 01775,
                        "tmpfiles.d line 'd /var/log/pgsql 1775 root postgres - -' in " + TMPFILES + " (package pgsql-common)"));
        assertThat(layout.notes()).isEmpty();
    }

    @Test
    void withoutCopyTheNotesSayWhatTheUnitWillMiss() {
        host.mkdir("/etc/pgsql/other");
        ServiceLayout layout = new ServicePlanner(tmp, host.dpkg(), host.files()).plan(
                new ServiceRequest("other", List.of("pgsql@.service"), List.of(), false));

        assertThat(layout.sharedPaths()).extracting(SharedPath::path)
                .containsExactly(Path.of("/etc/pgsql"), Path.of("/etc/pgsql-common"));
        assertThat(layout.privatePaths()).filteredOn(p -> p.path().equals(Path.of("/var/lib/pgsql"))).singleElement()
                .extracting(PrivatePath::origin).isEqualTo(Origin.CREATE_EMPTY);
        assertThat(layout.notes()).containsExactly("AssertPathExists=/etc/pgsql/%I/pgsql.conf in pgsql@other.service: "
                + "/etc/pgsql/other/pgsql.conf does not exist on the host; the unit will not start in the sandbox until it exists there");
    }

    private int ownerUid() {
        return HostFiles.of(tmp).stat(Path.of("/etc/pgsql")).orElseThrow().uid();
    }

    private int ownerGid() {
        return HostFiles.of(tmp).stat(Path.of("/etc/pgsql")).orElseThrow().gid();
    }
}
