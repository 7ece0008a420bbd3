package dev.cloister.cgroup;

import dev.cloister.op.CgroupOp;
import dev.cloister.op.PlanText;

import static dev.cloister.cgroup.FakeCgroupFs.cgroup;
import static dev.cloister.cgroup.FakeCgroupFs.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cloister.spec.Limits;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a fake tree shaped as Documentation/admin-guide/cgroup-v2.rst describes. */
class V2DriverTest {
    @TempDir
    Path tmp;
    Path mount;
    Path own;

    @BeforeEach
    void hierarchy() {
        mount = cgroup(tmp.resolve("cgroup v2"), "cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n",
                "cgroup.subtree_control", "cpu io memory pids\n");
        own = cgroup(mount.resolve("system.slice/cloister.service"), "cgroup.controllers", "cpu io memory pids\n",
                "cgroup.subtree_control", "\n");
    }

    private V2Driver driver() {
        return new V2Driver(new V2Hierarchy(mount, "/system.slice/cloister.service"));
    }

    private List<String> render(List<CgroupOp> lines) {
        String m = PlanText.encode(mount.toString());
        return lines.stream().map(l -> PlanText.line(l).replace(m, "MOUNT")).toList();
    }

    @Test
    void plansExampleLimitsExactly() {
        assertThat(render(driver().plan("web", ExampleLimits.ALL))).containsExactly(
                "cgroup2 MOUNT web",
                "cgroup-enable MOUNT memory,cpu,pids,io",
                "cgroup-set MOUNT memory.max 536870912",
                "cgroup-set MOUNT cpu.max 150000%20100000",
                "cgroup-set MOUNT cpu.weight 200",
                "cgroup-set MOUNT pids.max 2048",
                "cgroup-set MOUNT io.weight default%20100");
        assertThat(PlanText.encode(mount.toString())).contains("cgroup%20v2");
    }

    @Test
    void withoutLimitsEnablesOnlyTheStatsControllersOffered() {
        cgroup(own, "cgroup.controllers", "memory pids\n");

        assertThat(render(driver().plan("web", Limits.NONE)))
                .containsExactly("cgroup2 MOUNT web", "cgroup-enable MOUNT memory,pids");
    }

    @Test
    void noControllerOfferedMeansNoEnableLine() {
        cgroup(own, "cgroup.controllers", "\n");

        assertThat(render(driver().plan("web", Limits.NONE))).containsExactly("cgroup2 MOUNT web");
    }

    @Test
    void delegationChownsTheCgroupLast() {
        List<String> lines = render(driver().plan("web", ExampleLimits.pids(10), Optional.of(new Delegation(100000, 100000))));

        assertThat(lines).endsWith("cgroup-owner MOUNT 100000 100000", "cgroup-execute MOUNT cloister-execute");
    }

    @Test
    void refusesALimitWhoseControllerIsNotOffered() {
        cgroup(own, "cgroup.controllers", "memory pids\n");

        assertThatThrownBy(() -> driver().plan("web", ExampleLimits.cpus(500)))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("'cpu' controller")
                .hasMessageContaining("offers only 'memory pids'")
                .hasMessageContaining("Delegate=yes");
    }

    @Test
    void refusesLeavesThatAreNotOneName() {
        assertThatThrownBy(() -> driver().plan("a/b", Limits.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> driver().plan("..", Limits.NONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void updateWritesTheFilesOfTheLimitsSet() {
        Path sandbox = sandbox();

        driver().update(List.of(sandbox), ExampleLimits.ALL);

        assertThat(read(sandbox.resolve("memory.max"))).isEqualTo("536870912");
        assertThat(read(sandbox.resolve("cpu.max"))).isEqualTo("150000 100000");
        assertThat(read(sandbox.resolve("cpu.weight"))).isEqualTo("200");
        assertThat(read(sandbox.resolve("pids.max"))).isEqualTo("2048");
        assertThat(read(sandbox.resolve("io.weight"))).isEqualTo("default 100");
    }

    @Test
    void updateLeavesUnsetLimitsAlone() {
        Path sandbox = sandbox();

        driver().update(List.of(sandbox), ExampleLimits.memory(64L << 20));

        assertThat(read(sandbox.resolve("memory.max"))).isEqualTo("67108864");
        assertThat(read(sandbox.resolve("pids.max"))).isEqualTo("max\n");
    }

    @Test
    void updateChangesNothingWhenAControllerIsMissing() {
        Path sandbox = cgroup(own.resolve("web"), "memory.max", "max\n");
        Limits memoryAndCpu = ExampleLimits.memory(64L << 20).overriddenBy(ExampleLimits.cpus(1000));

        assertThatThrownBy(() -> driver().update(List.of(sandbox), memoryAndCpu))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("cannot apply cpus")
                .hasMessageContaining("cpu.max")
                .hasMessageContaining("restart");
        assertThat(read(sandbox.resolve("memory.max"))).isEqualTo("max\n");
    }

    @Test
    void updateOfAStoppedSandboxSaysSo() {
        assertThatThrownBy(() -> driver().update(List.of(), ExampleLimits.pids(5)))
                .isInstanceOf(CgroupException.class).hasMessageContaining("is it running?");
    }

    @Test
    void statsParsesTheV2Files() {
        Path sandbox = cgroup(sandbox(),
                "cpu.stat", "usage_usec 1234567\nuser_usec 1000000\nsystem_usec 234567\n",
                "memory.current", "10485760\n",
                "memory.peak", "20971520\n",
                "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n",
                "pids.current", "7\n",
                "io.stat", "8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0\n"
                        + "8:0 rbytes=90430464 wbytes=299008000 rios=8950 wios=1252 dbytes=50331648 dios=3021\n");

        CgroupStats stats = driver().stats(List.of(sandbox));

        assertThat(stats).isEqualTo(new CgroupStats(OptionalLong.of(1_234_567_000L), OptionalLong.of(10_485_760),
                OptionalLong.of(20_971_520), OptionalLong.empty(), OptionalLong.of(1), OptionalLong.of(7),
                OptionalLong.empty(), OptionalLong.of(91_889_664), OptionalLong.of(613_781_504)));
    }

    @Test
    void statsOfMissingFilesAreEmpty() {
        Path sandbox = cgroup(own.resolve("web"), "cpu.stat", "usage_usec 5\n", "memory.max", "536870912\n");

        CgroupStats stats = driver().stats(List.of(sandbox));

        assertThat(stats.cpuUsageNanos()).hasValue(5000);
        assertThat(stats.memoryLimitBytes()).hasValue(536_870_912);
        assertThat(stats.memoryCurrentBytes()).isEmpty();
        assertThat(stats.oomKills()).isEmpty();
        assertThat(stats.ioReadBytes()).isEmpty();
    }

    @Test
    void statsRejectGarbage() {
        Path sandbox = cgroup(own.resolve("web"), "memory.current", "lots\n");

        assertThatThrownBy(() -> driver().stats(List.of(sandbox)))
                .isInstanceOf(CgroupException.class).hasMessageContaining("memory.current");
    }

    /** A sandbox cgroup as the kernel creates it with memory, cpu, pids and io enabled. */
    private Path sandbox() {
        return cgroup(own.resolve("web"), "cgroup.controllers", "cpu io memory pids\n",
                "memory.max", "max\n", "cpu.max", "max 100000\n", "cpu.weight", "100\n",
                "pids.max", "max\n", "io.weight", "default 100\n");
    }
}
