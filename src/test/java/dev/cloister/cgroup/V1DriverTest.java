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

/**
 * Against a fake tree shaped like a hybrid host (Documentation/admin-guide/cgroup-v1/): one
 * hierarchy per controller, this process at the root of all but memory, where the kernel hides
 * pids.max and blkio.bfq.weight on root cgroups.
 */
class V1DriverTest {
    @TempDir
    Path tmp;
    Path fs;

    @BeforeEach
    void hierarchies() {
        fs = tmp.resolve("cgroup");
        cgroup(fs.resolve("memory/agent"), "memory.limit_in_bytes", "9223372036854771712\n",
                "memory.memsw.limit_in_bytes", "9223372036854771712\n", "memory.usage_in_bytes", "0\n");
        cgroup(fs.resolve("cpu"), "cpu.cfs_period_us", "100000\n", "cpu.cfs_quota_us", "-1\n", "cpu.shares", "1024\n");
        cgroup(fs.resolve("cpuacct"), "cpuacct.usage", "58625791071\n");
        cgroup(fs.resolve("pids"), "cgroup.procs", "1\n");
        cgroup(fs.resolve("blkio"), "blkio.bfq.io_service_bytes", "Total 0\n", "blkio.throttle.io_service_bytes", "Total 0\n");
        cgroup(fs.resolve("unified"), "cgroup.controllers", "\n");
    }

    private CgroupLayout.Hybrid layout(boolean withUnified) {
        return new CgroupLayout.Hybrid(List.of(
                new V1Hierarchy(fs.resolve("systemd"), "name=systemd", "/"),
                new V1Hierarchy(fs.resolve("pids"), "pids", "/"),
                new V1Hierarchy(fs.resolve("blkio"), "blkio", "/"),
                new V1Hierarchy(fs.resolve("memory"), "memory", "/agent"),
                new V1Hierarchy(fs.resolve("cpuacct"), "cpuacct", "/"),
                new V1Hierarchy(fs.resolve("cpu"), "cpu", "/")),
                withUnified ? Optional.of(new V2Hierarchy(fs.resolve("unified"), "/")) : Optional.empty());
    }

    private V1Driver driver() {
        return new V1Driver(layout(true));
    }

    private List<String> render(List<CgroupOp> lines) {
        return lines.stream().map(l -> PlanText.line(l).replace(fs.toString(), "C")).toList();
    }

    @Test
    void plansExampleLimitsExactly() {
        assertThat(render(driver().plan("web", ExampleLimits.ALL))).containsExactly(
                "cgroup1 C/memory memory web",
                "cgroup-set C/memory memory.limit_in_bytes 536870912",
                "cgroup1 C/cpu cpu web",
                "cgroup-set C/cpu cpu.cfs_period_us 100000",
                "cgroup-set C/cpu cpu.cfs_quota_us 150000",
                "cgroup-set C/cpu cpu.shares 2048",
                "cgroup1 C/cpuacct cpuacct web",
                "cgroup1 C/pids pids web",
                "cgroup-set C/pids pids.max 2048",
                "cgroup1 C/blkio blkio web",
                "cgroup-set C/blkio blkio.bfq.weight 500",
                "cgroup2 C/unified web");
    }

    @Test
    void withoutLimitsJoinsTheSameHierarchiesForStats() {
        assertThat(render(driver().plan("web", Limits.NONE))).containsExactly(
                "cgroup1 C/memory memory web", "cgroup1 C/cpu cpu web", "cgroup1 C/cpuacct cpuacct web",
                "cgroup1 C/pids pids web", "cgroup1 C/blkio blkio web", "cgroup2 C/unified web");
    }

    @Test
    void coMountedControllersShareOneLine() {
        cgroup(fs.resolve("cpu,cpuacct/system.slice"), "cpu.cfs_period_us", "100000\n", "cpu.cfs_quota_us", "-1\n");
        V1Driver driver = new V1Driver(new CgroupLayout.Hybrid(
                List.of(new V1Hierarchy(fs.resolve("cpu,cpuacct"), "cpu,cpuacct", "/system.slice")), Optional.empty()));

        assertThat(render(driver.plan("web", ExampleLimits.cpus(250)))).containsExactly(
                "cgroup1 C/cpu,cpuacct cpu,cpuacct web",
                "cgroup-set C/cpu,cpuacct cpu.cfs_period_us 100000",
                "cgroup-set C/cpu,cpuacct cpu.cfs_quota_us 25000");
    }

    @Test
    void prefersCfqBlkioWeightWhenTheKernelHasIt() {
        cgroup(fs.resolve("blkio"), "blkio.weight", "500\n");

        assertThat(render(driver().plan("web", ExampleLimits.ioWeight(200))))
                .contains("cgroup-set C/blkio blkio.weight 1000");
    }

    @Test
    void refusesIoWeightWithoutAProportionalScheduler() {
        cgroup(fs.resolve("blkio/own"), "blkio.throttle.io_service_bytes", "Total 0\n");
        V1Driver driver = new V1Driver(new CgroupLayout.Hybrid(
                List.of(new V1Hierarchy(fs.resolve("blkio"), "blkio", "/own")), Optional.empty()));

        assertThatThrownBy(() -> driver.plan("web", ExampleLimits.ioWeight(100)))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("blkio.weight or blkio.bfq.weight")
                .hasMessageContaining("modprobe bfq");
    }

    @Test
    void refusesALimitWhoseHierarchyIsNotMounted() {
        V1Driver driver = new V1Driver(new CgroupLayout.Hybrid(
                List.of(new V1Hierarchy(fs.resolve("memory"), "memory", "/agent")), Optional.empty()));

        assertThatThrownBy(() -> driver.plan("web", ExampleLimits.pids(100)))
                .isInstanceOf(CgroupException.class)
                .hasMessageContaining("pids-limit needs the cgroup-v1 'pids' controller");
    }

    @Test
    void refusesPidsMaxMissingBelowANonRootCgroup() {
        cgroup(fs.resolve("pids/own"), "cgroup.procs", "\n");
        V1Driver driver = new V1Driver(new CgroupLayout.Hybrid(
                List.of(new V1Hierarchy(fs.resolve("pids"), "pids", "/own")), Optional.empty()));

        assertThatThrownBy(() -> driver.plan("web", ExampleLimits.pids(100)))
                .isInstanceOf(CgroupException.class).hasMessageContaining("pids.max");
    }

    @Test
    void delegatesOnlyTheV2Hierarchy() {
        List<String> lines = render(driver().plan("web", Limits.NONE, Optional.of(new Delegation(100000, 100000))));

        assertThat(lines).endsWith("cgroup2 C/unified web", "cgroup-owner C/unified 100000 100000",
                "cgroup-execute C/unified cloister-execute");
        assertThatThrownBy(() -> new V1Driver(layout(false)).plan("web", Limits.NONE, Optional.of(new Delegation(1, 1))))
                .isInstanceOf(CgroupException.class).hasMessageContaining("needs a cgroup-v2 hierarchy");
    }

    @Test
    void updateWritesEachFileWhereItLives() {
        List<Path> dirs = sandboxDirs();

        driver().update(dirs, ExampleLimits.ALL);

        assertThat(read(fs.resolve("memory/agent/web/memory.limit_in_bytes"))).isEqualTo("536870912");
        assertThat(read(fs.resolve("memory/agent/web/memory.memsw.limit_in_bytes"))).isEqualTo("9223372036854771712\n");
        assertThat(read(fs.resolve("cpu/web/cpu.cfs_period_us"))).isEqualTo("100000");
        assertThat(read(fs.resolve("cpu/web/cpu.cfs_quota_us"))).isEqualTo("150000");
        assertThat(read(fs.resolve("cpu/web/cpu.shares"))).isEqualTo("2048");
        assertThat(read(fs.resolve("pids/web/pids.max"))).isEqualTo("2048");
        assertThat(read(fs.resolve("blkio/web/blkio.bfq.weight"))).isEqualTo("500");
    }

    @Test
    void updateRefusesWhatNoDirectoryOffers() {
        List<Path> onlyMemory = List.of(sandboxDirs().getFirst());

        assertThatThrownBy(() -> driver().update(onlyMemory, ExampleLimits.pids(10)))
                .isInstanceOf(CgroupException.class).hasMessageContaining("cannot apply pids-limit");
    }

    @Test
    void statsParsesTheV1Files() {
        List<Path> dirs = sandboxDirs();
        cgroup(fs.resolve("memory/agent/web"), "memory.usage_in_bytes", "10485760\n",
                "memory.max_usage_in_bytes", "20971520\n", "memory.limit_in_bytes", "536870912\n",
                "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 2\n");
        cgroup(fs.resolve("cpuacct/web"), "cpuacct.usage", "1234567890\n");
        cgroup(fs.resolve("pids/web"), "pids.current", "7\n");
        cgroup(fs.resolve("blkio/web"), "blkio.throttle.io_service_bytes_recursive", """
                8:0 Read 4096
                8:0 Write 8192
                8:0 Sync 12288
                8:0 Async 0
                8:0 Discard 0
                8:0 Total 12288
                8:16 Read 1000
                8:16 Write 0
                8:16 Total 1000
                Total 13288
                """);

        CgroupStats stats = driver().stats(dirs);

        assertThat(stats).isEqualTo(new CgroupStats(OptionalLong.of(1_234_567_890L), OptionalLong.of(10_485_760),
                OptionalLong.of(20_971_520), OptionalLong.of(536_870_912), OptionalLong.of(2), OptionalLong.of(7),
                OptionalLong.empty(), OptionalLong.of(5096), OptionalLong.of(8192)));
    }

    @Test
    void statsTreatV1UnlimitedAsNoLimitAndMissingFilesAsEmpty() {
        Path memory = cgroup(fs.resolve("memory/agent/web"), "memory.limit_in_bytes", "9223372036854771712\n");

        CgroupStats stats = driver().stats(List.of(memory));

        assertThat(stats.memoryLimitBytes()).isEmpty();
        assertThat(stats.cpuUsageNanos()).isEmpty();
        assertThat(stats.ioReadBytes()).isEmpty();
        assertThat(stats.oomKills()).isEmpty();
    }

    /** The directories the helper would record, with the files the kernel gives new cgroups. */
    private List<Path> sandboxDirs() {
        return List.of(
                cgroup(fs.resolve("memory/agent/web"), "memory.limit_in_bytes", "9223372036854771712\n",
                        "memory.memsw.limit_in_bytes", "9223372036854771712\n"),
                cgroup(fs.resolve("cpu/web"), "cpu.cfs_period_us", "100000\n", "cpu.cfs_quota_us", "-1\n",
                        "cpu.shares", "1024\n"),
                cgroup(fs.resolve("cpuacct/web"), "cpuacct.usage", "0\n"),
                cgroup(fs.resolve("pids/web"), "pids.max", "max\n", "pids.current", "0\n"),
                cgroup(fs.resolve("blkio/web"), "blkio.bfq.weight", "100\n",
                        "blkio.throttle.io_service_bytes", "Total 0\n"),
                cgroup(fs.resolve("unified/web"), "cgroup.procs", "\n"));
    }
}
