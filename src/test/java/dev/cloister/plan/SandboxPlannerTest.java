package dev.cloister.plan;

import dev.cloister.op.InitOp;
import dev.cloister.op.MountOp;
import dev.cloister.op.MountOp.Bind;
import dev.cloister.op.Op;
import dev.cloister.op.PlanText;
import dev.cloister.spec.Limits;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.spec.SecurityLevel;
import dev.cloister.store.CloisterPaths;
import dev.cloister.store.SandboxFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxPlannerTest {
    private static final long BASE = 0x7000_0000L;
    private static final HostLayout MERGED_USR = new HostLayout(List.of(
            new HostLayout.TopLevel("/bin", "usr/bin"), new HostLayout.TopLevel("/lib", "usr/lib"),
            new HostLayout.TopLevel("/lib64", "usr/lib64"), new HostLayout.TopLevel("/sbin", "usr/sbin")));

    private final CloisterPaths paths = CloisterPaths.under(Path.of("/srv/c"));
    @TempDir
    Path cgroupRoot;

    private SandboxPlan plan(Limits limits) {
        return plan(MERGED_USR, limits);
    }

    private SandboxPlan plan(HostLayout layout, Limits limits) {
        SandboxPlanner planner;
        try {
            planner = new SandboxPlanner(layout, FakeCgroup2.driver(cgroupRoot), c -> { throw new AssertionError("not a service"); },
                c -> new dev.cloister.net.NetworkPlan(java.util.List.of(), java.util.List.of()), SelinuxLabelling.NONE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        SandboxConfig config = new SandboxConfig("box", List.of("/bin/sh", "-c", "echo hi"), List.of(), List.of(), false,
                new SecurityLevel(1, 2), Optional.empty(), BASE, limits, List.of(), List.of(), List.of());
        return planner.plan(config, SandboxFiles.of(paths, "box"));
    }

    @Test
    void usrIsSharedReadOnlyAndIdMapped() {
        assertThat(plan(Limits.NONE).steps()).contains(new Bind("/usr", "/usr", List.of("ro", "rec", "idmap", "nodev"),
                "the host's /usr, shared read-only and live: a host upgrade reaches every sandbox"));
    }

    @Test
    void privatePathsComeFromTheSandboxTree() {
        List<Bind> binds = plan(Limits.NONE).steps().stream().filter(s -> s instanceof Bind).map(s -> (Bind) s).toList();
        for (String dir : List.of("/etc", "/var", "/root", "/home")) {
            assertThat(binds).anySatisfy(b -> {
                assertThat(b.source()).isEqualTo("/srv/c/var/lib/cloister/box" + dir);
                assertThat(b.target()).isEqualTo(dir);
                assertThat(b.flags()).contains("idmap").doesNotContain("ro");
            });
        }
        assertThat(binds).noneMatch(b -> b.source().startsWith("/etc") || b.source().startsWith("/root")
                || b.source().startsWith("/home"));
    }

    @Test
    void theHostsEtcLinkFarmsAreBoundReadOnlyOverTheOwnEtc() {
        List<Path> shared = List.of(Path.of("/etc/alternatives"), Path.of("/etc/ssl/certs"));
        List<Op> steps = plan(new HostLayout(MERGED_USR.entries(), shared), Limits.NONE).steps();
        List<String> targets = steps.stream().map(s -> s instanceof Bind b ? b.target() : "").toList();

        for (Path dir : shared) {
            int at = targets.indexOf(dir.toString());
            assertThat(at).as(dir + " bound after the own /etc").isGreaterThan(targets.indexOf("/etc"));
            Bind bind = (Bind) steps.get(at);
            assertThat(bind.source()).isEqualTo(dir.toString());
            assertThat(bind.flags()).containsExactly("ro", "rec", "idmap", "nodev");
        }
    }

    @Test
    void mergedUsrLinksFollowTheHostLayout() {
        assertThat(plan(Limits.NONE).steps()).contains(new MountOp.Symlink("usr/bin", "/bin", "the host's layout (merged /usr)"));
    }

    @Test
    void everyNamespaceAndAnUnprivilegedRange() {
        SandboxPlan p = plan(Limits.NONE);
        assertThat(p.namespaces()).containsExactly("user", "mnt", "pid", "uts", "ipc", "net", "cgroup");
        assertThat(p.uidBase()).isEqualTo(BASE);
        assertThat(p.uidCount()).isEqualTo(65536);
        assertThat(p.hostname()).isEqualTo("box");
    }

    @Test
    void procIsMaskedAndKernelKnobsAreReadOnly() {
        List<Op> steps = plan(Limits.NONE).steps();
        assertThat(steps).filteredOn(s -> s instanceof InitOp.Mask).extracting(s -> ((InitOp.Mask) s).target())
                .contains("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug", "/sys/firmware");
        assertThat(steps).filteredOn(s -> s instanceof InitOp.Readonly).extracting(s -> ((InitOp.Readonly) s).target())
                .contains("/proc/sys", "/proc/sysrq-trigger", "/proc/bus", "/proc/fs", "/proc/irq");
    }

    @Test
    void hostStepsComeBeforeInitStepsAndPivotIsLast() {
        List<Op> steps = plan(Limits.NONE).steps();
        int lastHost = -1;
        int firstInit = Integer.MAX_VALUE;
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i) instanceof MountOp) {
                lastHost = i;
            } else {
                firstInit = Math.min(firstInit, i);
            }
        }
        assertThat(lastHost).isLessThan(firstInit);
        assertThat(steps.getLast()).isInstanceOf(InitOp.Pivot.class);
        assertThat(steps.getFirst()).isInstanceOf(MountOp.RootTmpfs.class);
    }

    @Test
    void tmpfsMountsBelongToRootInside() {
        assertThat(plan(Limits.NONE).steps()).filteredOn(s -> s instanceof MountOp.Tmpfs)
                .allSatisfy(s -> assertThat(((MountOp.Tmpfs) s).options()).contains("uid=" + BASE + ",gid=" + BASE));
    }

    @Test
    void genericSandboxesDropHostCapabilitiesAndGetLandlockAndSeccomp() {
        SandboxPlan p = plan(Limits.NONE);
        assertThat(p.capabilities().names()).doesNotContain("CAP_SYS_ADMIN", "CAP_SYS_MODULE", "CAP_SYS_RAWIO",
                "CAP_SYS_TIME", "CAP_MAC_ADMIN", "CAP_SYSLOG");
        assertThat(p.noNewPrivileges()).isTrue();
        assertThat(p.landlock().handlesFilesystem()).isTrue();
        assertThat(p.landlock().paths()).extracting(r -> r.path()).contains("/", "/var", "/tmp").doesNotContain("/usr");
        assertThat(p.seccomp().summary()).anyMatch(l -> l.contains("kexec_load"));
    }

    @Test
    void limitsBecomeCgroupLines() {
        Limits limits = new Limits(OptionalLong.of(512L << 20), OptionalLong.of(1500), OptionalInt.of(200),
                OptionalLong.of(2048), OptionalInt.empty(), OptionalLong.empty());
        // a relocated instance (this test's) tags the cgroup name with its root, so instances never share one
        String leaf = new dev.cloister.cgroup.CgroupRequest("box", "box_sandbox.service", SandboxFiles.of(paths, "box").tree(), "machine.slice",
                Limits.NONE, java.util.Optional.empty()).leaf();
        assertThat(leaf).matches("cloister-box-[0-9a-f]{8}");
        assertThat(plan(limits).cgroups().ops().stream().map(PlanText::line)).contains("cgroup2 " + cgroupRoot + " " + leaf,
                "cgroup-set " + cgroupRoot + " memory.max 536870912",
                "cgroup-set " + cgroupRoot + " cpu.max 150000%20100000",
                "cgroup-set " + cgroupRoot + " pids.max 2048");
    }
}
