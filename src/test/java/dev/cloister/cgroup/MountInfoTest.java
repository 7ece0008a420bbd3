package dev.cloister.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountInfoTest {

    @Test
    void readsFieldsAroundVaryingOptionalFields() {
        List<MountInfo> mounts = MountInfo.parse("""
                35 24 0:30 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory
                30 23 0:26 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
                """);
        assertThat(mounts).containsExactly(
                new MountInfo("/", "/sys/fs/cgroup/memory", "cgroup", List.of("rw", "memory")),
                new MountInfo("/", "/sys/fs/cgroup", "cgroup2", List.of("rw", "nsdelegate", "memory_recursiveprot")));
    }

    @Test
    void decodesOctalEscapes() {
        MountInfo m = MountInfo.parse("40 31 0:37 /a\\134b /mnt/my\\040cgroups\\011x rw - cgroup2 none rw\n").getFirst();
        assertThat(m.root()).isEqualTo("/a\\b");
        assertThat(m.mountpoint()).isEqualTo("/mnt/my cgroups\tx");
        assertThat(MountInfo.unescape("caf\\303\\251")).isEqualTo("café");
        assertThat(MountInfo.unescape("no\\9escape\\")).isEqualTo("no\\9escape\\");
    }

    @Test
    void rejectsLinesWithoutSeparator() {
        assertThatThrownBy(() -> MountInfo.parse("1 2 3:4 / /x rw shared:1 cgroup2 cgroup2 rw\n"))
                .isInstanceOf(CgroupException.class).hasMessageContaining("mountinfo");
    }
}
