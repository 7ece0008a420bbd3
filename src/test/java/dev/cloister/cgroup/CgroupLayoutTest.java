package dev.cloister.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {
    /** The shape of a hybrid host whose v1 controllers each have their own hierarchy. */
    static final String HYBRID_MOUNTINFO = """
            23 1 253:1 / / rw,relatime - ext4 /dev/vda rw
            31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
            32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
            33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
            34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
            35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
            36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
            37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
            38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
            39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
            40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
            41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
            """;
    static final String HYBRID_CGROUP = """
            9:name=systemd:/
            8:pids:/
            7:blkio:/
            6:freezer:/
            5:devices:/
            4:memory:/process_api/301e2f91
            3:cpuset:/
            2:cpuacct:/
            1:cpu:/
            0::/
            """;

    @TempDir
    Path tmp;

    @Test
    void detectsHybridWithSeparateCpuAndCpuacct() throws IOException {
        CgroupLayout layout = detect(HYBRID_MOUNTINFO, HYBRID_CGROUP);

        assertThat(layout).isInstanceOf(CgroupLayout.Hybrid.class);
        CgroupLayout.Hybrid hybrid = (CgroupLayout.Hybrid) layout;
        assertThat(hybrid.withController("memory")).contains(
                new V1Hierarchy(Path.of("/sys/fs/cgroup/memory"), "memory", "/process_api/301e2f91"));
        assertThat(hybrid.withController("cpu").orElseThrow().key()).isEqualTo("cpu");
        assertThat(hybrid.withController("cpuacct").orElseThrow().mountpoint()).isEqualTo(Path.of("/sys/fs/cgroup/cpuacct"));
        assertThat(hybrid.hierarchies()).extracting(V1Hierarchy::key).contains("name=systemd").hasSize(9);
        assertThat(hybrid.unified()).contains(new V2Hierarchy(Path.of("/sys/fs/cgroup/unified"), "/"));
        assertThat(hybrid.withController("memory").orElseThrow().ownDir())
                .isEqualTo(Path.of("/sys/fs/cgroup/memory/process_api/301e2f91"));
    }

    @Test
    void detectsSystemdStyleHybridWithCoMountedControllers() throws IOException {
        CgroupLayout layout = detect("""
                25 24 0:22 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755
                26 25 0:23 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 rw,nsdelegate
                27 25 0:24 / /sys/fs/cgroup/systemd rw,nosuid shared:11 - cgroup cgroup rw,xattr,name=systemd
                30 25 0:27 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid shared:14 - cgroup cgroup rw,cpu,cpuacct
                31 25 0:28 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid shared:15 - cgroup cgroup rw,net_cls,net_prio
                """, """
                4:net_cls,net_prio:/
                3:cpu,cpuacct:/system.slice/cloister.service
                1:name=systemd:/system.slice/cloister.service
                0::/system.slice/cloister.service
                """);

        CgroupLayout.Hybrid hybrid = (CgroupLayout.Hybrid) layout;
        V1Hierarchy cpu = hybrid.withController("cpuacct").orElseThrow();
        assertThat(cpu).isEqualTo(new V1Hierarchy(Path.of("/sys/fs/cgroup/cpu,cpuacct"), "cpu,cpuacct",
                "/system.slice/cloister.service"));
        assertThat(hybrid.withController("cpu")).contains(cpu);
        assertThat(hybrid.withController("memory")).isEmpty();
        assertThat(hybrid.unified().orElseThrow().ownPath()).isEqualTo("/system.slice/cloister.service");
    }

    @Test
    void detectsPureV2() throws IOException {
        CgroupLayout layout = detect("""
                22 1 0:21 / / rw - ext4 /dev/sda1 rw
                30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate
                """, "0::/user.slice/user-1000.slice/session-2.scope\n");

        assertThat(layout).isEqualTo(new CgroupLayout.Unified(
                new V2Hierarchy(Path.of("/sys/fs/cgroup"), "/user.slice/user-1000.slice/session-2.scope")));
    }

    @Test
    void treatsNamedOnlyV1HierarchiesAsPureV2() throws IOException {
        CgroupLayout layout = detect("""
                30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
                31 30 0:27 / /run/systemd/compat rw - cgroup cgroup rw,name=systemd
                """, "1:name=systemd:/\n0::/init.scope\n");

        assertThat(layout).isEqualTo(new CgroupLayout.Unified(new V2Hierarchy(Path.of("/sys/fs/cgroup"), "/init.scope")));
    }

    @Test
    void ignoresSubtreeBindMountsOfAHierarchy() throws IOException {
        CgroupLayout layout = detect("""
                50 23 0:26 /user.slice /mnt/part rw - cgroup2 cgroup2 rw
                51 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw
                """, "0::/user.slice\n");

        assertThat(((CgroupLayout.Unified) layout).hierarchy().mountpoint()).isEqualTo(Path.of("/sys/fs/cgroup"));
    }

    @Test
    void failsClearlyWithoutCgroups() {
        assertThatThrownBy(() -> detect("22 1 0:21 / / rw - ext4 /dev/sda1 rw\n", "0::/\n"))
                .isInstanceOf(CgroupException.class).hasMessageContaining("mount cgroup2");
    }

    @Test
    void hybridWithoutUnifiedMountHasNoV2() throws IOException {
        CgroupLayout layout = detect("35 31 0:32 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n",
                "4:memory:/\n0::/\n");

        assertThat(((CgroupLayout.Hybrid) layout).unified()).isEqualTo(Optional.empty());
    }

    private CgroupLayout detect(String mountinfo, String cgroup) throws IOException {
        Path m = Files.writeString(tmp.resolve("mountinfo"), mountinfo);
        Path c = Files.writeString(tmp.resolve("cgroup"), cgroup);
        return CgroupLayout.detect(m, c);
    }
}
