package dev.cloister.plan;

import dev.cloister.op.InitOp;
import dev.cloister.op.MountOp;
import dev.cloister.service.Origin;
import dev.cloister.service.PrivatePath;
import dev.cloister.service.SandboxSecret;
import dev.cloister.service.ServiceLayout;
import dev.cloister.service.ServicePlanner;
import dev.cloister.service.SharedPath;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service sandbox adds to the base layout: the service planner's shared and private
 * paths as mounts, and the pieces systemd's container interface asks for (/run/host, the
 * readiness socket, a writable cgroup tree of its own).
 */
final class ServiceSteps {
    /** Where systemd inside finds the readiness socket (NOTIFY_SOCKET), as systemd-nspawn does. */
    static final String NOTIFY_SOCKET = "/run/host/notify";

    private ServiceSteps() {
    }

    /** Host-phase steps, after the base layout: shared paths read-only, private paths the tree binds miss. */
    static List<MountOp> hostSteps(ServiceLayout layout, Path tree, Path notifySocket, long uidBase) {
        List<MountOp> steps = new ArrayList<>();
        for (SharedPath shared : layout.sharedPaths()) {
            steps.add(new MountOp.Bind(shared.path().toString(), shared.path().toString(),
                    List.of("ro", "rec", "idmap", "nodev", "optional"), shared.reason()));
        }
        for (PrivatePath p : layout.privatePaths()) {
            if (p.origin() != Origin.CREATE_AT_BOOT && !underTreeDirs(p.path())) {
                steps.add(new MountOp.Bind(tree + p.path().toString(), p.path().toString(), List.of("idmap", "nodev"),
                        p.reason()));
            }
        }
        for (SandboxSecret secret : layout.secrets()) {
            if (secret.shared()) {
                steps.add(new MountOp.Bind(secret.location(tree).toString(), secret.path().toString(),
                        List.of("idmap", "nodev"), secret.note()));
            }
        }
        steps.add(new MountOp.Mkdir("/run/host", 0755, uidBase, uidBase,
                "systemd's container interface: what the host tells the sandbox"));
        steps.add(new MountOp.File("/run/host/container-manager", 0444, "cloister\n",
                "names the container manager to systemd inside"));
        steps.add(new MountOp.Bind(notifySocket.toString(), NOTIFY_SOCKET, List.of(),
                "systemd inside reports READY=1 here; start returns when it does"));
        return steps;
    }

    /** Init-phase steps: systemd manages its own cgroup subtree. */
    static List<InitOp> initSteps() {
        return List.of(new InitOp.Cgroupfs("/sys/fs/cgroup", RootfsPlanner.KERNEL_FS_FLAGS,
                "the sandbox's own cgroup tree (cgroup namespace), delegated to systemd inside" + RootfsPlanner.NO_EXEC));
    }

    /**
     * The command start runs inside once systemd is ready: every requested unit must be active
     * (a oneshot may have finished); otherwise it prints each failed unit's state and last log
     * lines and exits 1, and start stops the sandbox.
     */
    static List<String> readyCheck(List<String> units) {
        // One systemctl for all units (blocks of Key=value lines, a blank line between units).
        String script = "failed=0; id=; type=; state=;"
                + " check() { case $state in active|activating|reloading) return;; esac;"
                + " [ \"$state\" = inactive ] && [ \"$type\" = oneshot ] && return;"
                + " echo \"unit $id is $state; its last log lines:\";"
                + " journalctl -u \"$id\" -n 10 --no-pager -o short-iso | sed 's/^/    /'; failed=1; };"
                + " while IFS== read -r k v; do case $k in Id) id=$v;; Type) type=$v;; ActiveState) state=$v;;"
                + " '') [ -n \"$id\" ] && check; id=;; esac; done <<EOF\n"
                + "$(systemctl show -p Id,Type,ActiveState \"$@\")\nEOF\n"
                + "[ -n \"$id\" ] && check; exit $failed";
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", script, "ready-check"));
        units.stream().filter(u -> !u.equals(ServicePlanner.JOURNALD)).forEach(argv::add);
        return argv;
    }

    private static boolean underTreeDirs(Path path) {
        return RootfsPlanner.TREE_DIRS.stream().anyMatch(d -> path.startsWith(d));
    }
}
