package dev.cloister.plan;

import dev.cloister.runtime.Reports;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.spec.SecurityLevel;
import dev.cloister.store.CloisterPaths;
import dev.cloister.store.SandboxFiles;
import dev.cloister.security.selinux.SelinuxLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanWriterTest {

    @TempDir
    Path cgroupRoot;

    @Test
    void compiledPlanHasHeaderGlobalsStepsAndExecLast() throws Exception {
        SandboxFiles files = SandboxFiles.of(CloisterPaths.under(Path.of("/r")), "box");
        SandboxConfig config = new SandboxConfig("box", List.of("/bin/echo", "hello world"), List.of(), List.of(), false,
                new SecurityLevel(3, 4), Optional.empty(), 0x7000_0000L, Limits.NONE, List.of(), List.of(), List.of());
        SandboxPlan plan = new SandboxPlanner(new HostLayout(List.of()), FakeCgroup2.driver(cgroupRoot), c -> { throw new AssertionError("not a service"); },
                c -> new dev.cloister.net.NetworkPlan(java.util.List.of(), java.util.List.of()), SelinuxLabelling.NONE).plan(config, files);
        String text = PlanWriter.render(plan, files);
        List<String> lines = text.lines().filter(l -> !l.startsWith("#")).toList();
        assertThat(lines.getFirst()).isEqualTo("cloister-plan 1");
        assertThat(lines).contains("name box", "run-dir /r/run/cloister/box", "userns 0 1879048192 65536",
                "exit-file /r/var/lib/cloister/.meta/box/exit", "seccomp-load /r/var/lib/cloister/.meta/box/seccomp.bpf",
                "hostname box", "pivot", "no-new-privs", "cwd /");
        assertThat(lines.getLast()).isEqualTo("exec /bin/echo hello%20world");
        // PID 1 applies its confinement in this order, the plan's (check refuses an unsafe one)
        List<Integer> order = Stream.of("pivot", "cap-bound ", "caps ", "no-new-privs", "landlock-fs ", "landlock-scope ",
                "seccomp-load ", "cwd ", "exec ").map(op -> IntStream.range(0, lines.size())
                        .filter(i -> lines.get(i).startsWith(op)).findFirst().orElseThrow()).toList();
        assertThat(order).isSorted();
        assertThat(text).contains("# why: the host's /usr, shared read-only");
        assertThat(lines.indexOf("hostname box")).isLessThan(lines.indexOf("proc /proc nosuid,nodev,noexec"));
        // every option and flag of the kernel filesystems is the plan's: the helper adds none
        assertThat(lines).contains("sysfs /sys ro,nosuid,nodev,noexec", "mqueue /dev/mqueue nosuid,nodev,noexec",
                "devpts /dev/pts newinstance,ptmxmode=0666,mode=0620,gid=5,max=256 nosuid,noexec");
    }

    @Test
    void inspectListsEveryOpOfThePlanFileWithItsReason() throws Exception {
        SandboxFiles files = SandboxFiles.of(CloisterPaths.under(Path.of("/r")), "box");
        SandboxConfig config = new SandboxConfig("box", List.of("/bin/true"), List.of(), List.of(), false,
                new SecurityLevel(1, 2), Optional.empty(), 0x7000_0000L, Limits.NONE, List.of(), List.of(), List.of());
        SandboxPlan plan = new SandboxPlanner(new HostLayout(List.of()), FakeCgroup2.driver(cgroupRoot),
                c -> { throw new AssertionError("not a service"); },
                c -> new dev.cloister.net.NetworkPlan(List.of(), List.of()), SelinuxLabelling.NONE).plan(config, files);
        List<String> file = PlanWriter.render(plan, files).lines().skip(2).toList();
        List<String> listed = ((List<?>) Reports.planReport(config, plan, files).get("ops")).stream()
                .map(o -> (Map<?, ?>) o).flatMap(o -> Stream.of("# why: " + o.get("reason"), String.valueOf(o.get("op"))))
                .toList();
        assertThat(listed).isEqualTo(file);
        assertThat(file).contains("# why: the command's working directory", "cwd /", "# why: the sandbox's command, as PID 1");
    }

    @Test
    void underSelinuxTheProcessRunsUnderItsLabelAndTmpfsCarriesTheFileLabel() throws Exception {
        SandboxFiles files = SandboxFiles.of(CloisterPaths.under(Path.of("/r")), "box");
        SandboxConfig config = new SandboxConfig("box", List.of("/bin/true"), List.of(), List.of(), false,
                new SecurityLevel(1, 2), Optional.empty(), 0x7000_0000L, Limits.NONE, List.of(), List.of(), List.of());
        SelinuxLabels labels = new SelinuxLabels("system_u:system_r:container_t:s0:c1,c2",
                "system_u:object_r:container_file_t:s0:c1,c2");
        SandboxPlan plan = new SandboxPlanner(new HostLayout(List.of()), FakeCgroup2.driver(cgroupRoot),
                c -> { throw new AssertionError("not a service"); },
                c -> new dev.cloister.net.NetworkPlan(List.of(), List.of()), c -> Optional.of(labels)).plan(config, files);
        String text = PlanWriter.render(plan, files);
        assertThat(text).contains("selinux-exec system_u:system_r:container_t:s0:c1,c2\n");
        assertThat(text.lines().filter(l -> l.startsWith("tmpfs ") || l.startsWith("root-tmpfs ")))
                .isNotEmpty().allMatch(l -> l.contains("context=\"system_u:object_r:container_file_t:s0:c1,c2\""));
        assertThat(text).contains("devpts /dev/pts newinstance,ptmxmode=0666,mode=0620,gid=5,max=256,"
                + "context=\"system_u:object_r:container_file_t:s0:c1,c2\" nosuid,noexec\n");
    }
}
