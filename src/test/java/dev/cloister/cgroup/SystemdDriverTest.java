package dev.cloister.cgroup;

import dev.cloister.op.CgroupOp;
import dev.cloister.op.PlanText;

import static dev.cloister.cgroup.FakeCgroupFs.cgroup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cloister.spec.Limits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The systemd driver's plan on a fake cgroup-v2 tree and a fake /run/systemd. */
class SystemdDriverTest {
    @TempDir
    Path tmp;
    Path mount;

    @BeforeEach
    void hierarchy() {
        mount = cgroup(tmp.resolve("cgroup"), "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n",
                "cgroup.subtree_control", "cpu io memory pids\n");
        // the caller's own cgroup (a login session's scope) offers nothing: it must not matter
        cgroup(mount.resolve("user.slice/user-0.slice/session-3.scope"), "cgroup.controllers", "\n");
    }

    private SystemdDriver driver(boolean machined) {
        return new SystemdDriver(new V2Hierarchy(mount, "/user.slice/user-0.slice/session-3.scope"),
                new SystemdHost(machined));
    }

    private List<String> render(List<CgroupOp> lines) {
        String m = PlanText.encode(mount.toString());
        return lines.stream().map(l -> PlanText.line(l).replace(m, "MOUNT")).toList();
    }

    private static CgroupRequest request(String name, Limits limits) {
        return new CgroupRequest(name, name + "_sandbox.service", Path.of("/var/lib/cloister/" + name), "machine.slice", limits,
                Optional.of(new Delegation(1879048192, 1879048192)));
    }

    @Test
    void aDelegatedUnitWithTheSandboxInPayloadBesideTheMonitorAndAMachine() {
        assertThat(render(driver(true).plan(request("web1", ExampleLimits.ALL)))).containsExactly(
                "systemd-unit cloister-web1.scope machine.slice web1_sandbox.service supervisor "
                        + "Cloister%20sandbox%20web1",
                "cgroup2 MOUNT payload",
                "cgroup-enable MOUNT memory,cpu,pids,io",
                "cgroup-set MOUNT memory.max 536870912",
                "cgroup-set MOUNT cpu.max 150000%20100000",
                "cgroup-set MOUNT cpu.weight 200",
                "cgroup-set MOUNT pids.max 2048",
                "cgroup-set MOUNT io.weight default%20100",
                "cgroup-owner MOUNT 1879048192 1879048192",
                "cgroup-execute MOUNT cloister-execute",
                "machine web1 container /var/lib/cloister/web1");
    }

    @Test
    void theScopeGoesIntoTheSandboxsSlice() {
        CgroupRequest r = request("web1", Limits.NONE);
        CgroupRequest inSlice = new CgroupRequest(r.sandbox(), r.hostUnit(), r.tree(), "web.slice", r.limits(),
                r.delegation());
        assertThat(render(driver(true).plan(inSlice)).getFirst())
                .startsWith("systemd-unit cloister-web1.scope web.slice web1_sandbox.service ");
    }

    @Test
    void withoutMachinedOrWithANameMachinedRefusesThereIsNoMachineLine() {
        assertThat(render(driver(false).plan(request("web1", Limits.NONE)))).noneMatch(l -> l.startsWith("machine "));
        assertThat(render(driver(true).plan(request("web_1", Limits.NONE)))).noneMatch(l -> l.startsWith("machine "))
                .anyMatch(l -> l.startsWith("systemd-unit cloister-web_1.scope "));
        assertThat(driver(false).why()).contains("systemd-machined is not installed");
    }

    @Test
    void theHostGetsTheSystemdDriverOnlyWhenSystemdIsPid1OnCgroupV2() throws Exception {
        Path host = tmp.resolve("host");
        assertThat(SystemdHost.probe(host)).isEmpty();
        Files.createDirectories(host.resolve("run/systemd/system"));
        assertThat(SystemdHost.probe(host)).contains(new SystemdHost(false));
        Path service = host.resolve("usr/share/dbus-1/system-services/org.freedesktop.machine1.service");
        Files.createDirectories(service.getParent());
        Files.writeString(service, "[D-BUS Service]\n");
        assertThat(SystemdHost.probe(host)).contains(new SystemdHost(true));

        CgroupLayout unified = new CgroupLayout.Unified(new V2Hierarchy(mount, "/"));
        assertThat(CgroupDriver.forHost(unified, SystemdHost.probe(host))).isInstanceOf(SystemdDriver.class);
        assertThat(CgroupDriver.forHost(unified, Optional.empty())).isInstanceOf(V2Driver.class);
    }
}
