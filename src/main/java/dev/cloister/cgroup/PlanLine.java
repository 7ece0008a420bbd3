package dev.cloister.cgroup;

import java.nio.file.Path;
import java.util.List;

/** The cgroup ops of the start plan (docs/plan-format.md, "Global ops"). */
public sealed interface PlanLine {

    /** The exact plan line, fields percent-encoded. */
    String render();

    /** {@code cgroup1 MOUNTPOINT KEY LEAF}: a cgroup LEAF beneath the helper's own cgroup in a v1 hierarchy. */
    record Cgroup1(Path mountpoint, String key, String leaf) implements PlanLine {
        public Cgroup1 {
            LeafName.require(leaf);
        }

        @Override
        public String render() {
            return line("cgroup1", mountpoint.toString(), key, leaf);
        }
    }

    /** {@code cgroup2 MOUNTPOINT LEAF}: the same in the v2 hierarchy. */
    record Cgroup2(Path mountpoint, String leaf) implements PlanLine {
        public Cgroup2 {
            LeafName.require(leaf);
        }

        @Override
        public String render() {
            return line("cgroup2", mountpoint.toString(), leaf);
        }
    }

    /** {@code cgroup-enable FIRSTFIELD CONTROLLERS}: v2 controllers switched on for the new cgroup. */
    record CgroupEnable(Path cgroup, List<String> controllers) implements PlanLine {
        public CgroupEnable {
            controllers = List.copyOf(controllers);
            if (controllers.isEmpty()) {
                throw new IllegalArgumentException("cgroup-enable needs at least one controller");
            }
        }

        @Override
        public String render() {
            return line("cgroup-enable", cgroup.toString(), String.join(",", controllers));
        }
    }

    /** {@code cgroup-set FIRSTFIELD FILE VALUE}: a control file written after the cgroup is created. */
    record CgroupSet(Path cgroup, String file, String value) implements PlanLine {
        public CgroupSet {
            if (file.isEmpty() || file.contains("/")) {
                throw new IllegalArgumentException("'" + file + "' is not a plain control file name");
            }
        }

        @Override
        public String render() {
            return line("cgroup-set", cgroup.toString(), file, value);
        }
    }

    /** {@code cgroup-owner FIRSTFIELD UID GID}: delegation of the cgroup to root inside. */
    record CgroupOwner(Path cgroup, Delegation to) implements PlanLine {
        @Override
        public String render() {
            return line("cgroup-owner", cgroup.toString(), Integer.toString(to.uid()), Integer.toString(to.gid()));
        }
    }

    /**
     * {@code cgroup-execute FIRSTFIELD LEAF}: what execute starts goes into the child LEAF of that v2 cgroup, not
     * into the cgroup itself: once delegated, systemd inside enables controllers there, and cgroup v2 then takes
     * no process into it.
     */
    record CgroupExecute(Path cgroup, String leaf) implements PlanLine {
        public CgroupExecute {
            LeafName.require(leaf);
        }

        @Override
        public String render() {
            return line("cgroup-execute", cgroup.toString(), leaf);
        }
    }

    /**
     * {@code systemd-unit SCOPE SLICE KEEP SUPERVISOR DESCRIPTION}: the monitor runs in a delegated unit of its own
     * (the host unit KEEP when it already runs there, else the new scope SCOPE in SLICE), itself in the child cgroup
     * SUPERVISOR; cgroup2 lines are resolved beneath that unit.
     */
    record SystemdUnit(String scope, String slice, String keepUnit, String supervisor, String description)
            implements PlanLine {
        public SystemdUnit {
            LeafName.require(scope);
            LeafName.require(supervisor);
        }

        @Override
        public String render() {
            return line("systemd-unit", scope, slice, keepUnit, supervisor, description);
        }
    }

    /** {@code machine NAME CLASS ROOT}: PID 1 registered with systemd-machined. */
    record Machine(String name, String machineClass, Path root) implements PlanLine {
        @Override
        public String render() {
            return line("machine", name, machineClass, root.toString());
        }
    }

    private static String line(String op, String... fields) {
        StringBuilder out = new StringBuilder(op);
        for (String field : fields) {
            out.append(' ').append(PlanField.encode(field));
        }
        return out.toString();
    }
}
