package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A unit no package owns, with StateDirectory= and friends, User= and dependencies. */
class UnitDirectoryPlanTest {
    @TempDir
    Path tmp;

    @Test
    void declaredDirectoriesBecomePrivateWithTheUnitsOwnerAndMode() {
        FakeHost host = new FakeHost(tmp).write("/etc/systemd/system/stateful.service", """
                [Unit]
                Requires=helper.service
                Wants=dbus.service missing.service
                [Service]
                User=svc
                StateDirectory=stateful
                StateDirectoryMode=0750
                LogsDirectory=stateful/sub
                CacheDirectory=%p
                RuntimeDirectory=stateful
                ConfigurationDirectory=stateful
                WorkingDirectory=~
                [Install]
                WantedBy=multi-user.target
                """)
                .write("/usr/lib/systemd/system/helper.service", "[Service]\n[Install]\nWantedBy=multi-user.target\n")
                .write("/usr/lib/systemd/system/dbus.service", "[Service]\nType=notify\n")
                .write("/etc/passwd", "svc:x:500:501::/var/lib/svc-home:/usr/sbin/nologin\n")
                .write("/etc/group", "svc:x:501:\n").mkdir("/var/lib/svc-home").owner("/var/lib/svc-home", 500, 501, 0700);

        ServiceLayout layout = new ServicePlanner(tmp, new NoPackageDatabase(), host.files())
                .plan(new ServiceRequest("box", List.of("stateful"), List.of(), true));

        assertThat(layout.privatePaths()).containsExactly(
                new PrivatePath(Path.of("/etc/stateful"), PathKind.DIRECTORY, Origin.CREATE_EMPTY, 0, 0, 0755,
                        "ConfigurationDirectory=stateful in stateful.service"),
                new PrivatePath(Path.of("/run/stateful"), PathKind.DIRECTORY, Origin.CREATE_AT_BOOT, 500, 501, 0755,
                        "RuntimeDirectory=stateful in stateful.service"),
                new PrivatePath(Path.of("/var/cache/stateful"), PathKind.DIRECTORY, Origin.CREATE_EMPTY, 500, 501, 0755,
                        "CacheDirectory=%p in stateful.service"),
                new PrivatePath(Path.of("/var/lib/stateful"), PathKind.DIRECTORY, Origin.CREATE_EMPTY, 500, 501, 0750,
                        "StateDirectory=stateful in stateful.service"),
                new PrivatePath(Path.of("/var/lib/svc-home"), PathKind.DIRECTORY, Origin.COPY_FROM_HOST, 500, 501, 0700,
                        "WorkingDirectory=~ in stateful.service"),
                new PrivatePath(Path.of("/var/log/stateful/sub"), PathKind.DIRECTORY, Origin.CREATE_EMPTY, 500, 501, 0755,
                        "LogsDirectory=stateful/sub in stateful.service"));
        assertThat(layout.enabledUnits()).containsExactly("stateful.service");
        assertThat(layout.notes()).hasSize(4).anySatisfy(n -> assertThat(n).startsWith("no package in the none database owns"))
                .anySatisfy(n -> assertThat(n).isEqualTo("stateful.service Requires=helper.service: the host has it, but only "
                        + "requested units run in the sandbox; add -u helper.service to run it there"))
                .anySatisfy(n -> assertThat(n).startsWith("stateful.service Wants=missing.service: unit missing.service not found"))
                .anySatisfy(n -> assertThat(n).contains("no systemd-journald.service"));
    }
}
