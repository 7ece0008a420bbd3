package dev.cloister.op;

import java.nio.file.Path;
import java.util.List;

/** The cgroup ops of a plan (docs/plan-format.md, "Global ops"): which cgroups, their limits, their delegation. */
public sealed interface CgroupOp extends Op {

    /** A cgroup LEAF beneath the helper's own cgroup in the v1 hierarchy whose /proc/self/cgroup key is KEY. */
    record Cgroup1(Path mountpoint, String key, String leaf, String why) implements CgroupOp {
        public Cgroup1 { LeafName.require(leaf); }
        public List<String> fields() { return List.of(mountpoint.toString(), key, leaf); }
    }

    /** The same in the v2 hierarchy. */
    record Cgroup2(Path mountpoint, String leaf, String why) implements CgroupOp {
        public Cgroup2 { LeafName.require(leaf); }
        public List<String> fields() { return List.of(mountpoint.toString(), leaf); }
    }

    /** v2 controllers switched on for the new cgroup (in its parent's subtree_control). */
    record CgroupEnable(Path cgroup, List<String> controllers, String why) implements CgroupOp {
        public CgroupEnable {
            controllers = List.copyOf(controllers);
            if (controllers.isEmpty()) {
                throw new IllegalArgumentException("cgroup-enable needs at least one controller");
            }
        }

        public List<String> fields() { return List.of(cgroup.toString(), String.join(",", controllers)); }
    }

    /** A control file written after the cgroup is created. */
    record CgroupSet(Path cgroup, String file, String value, String why) implements CgroupOp {
        public CgroupSet {
            if (file.isEmpty() || file.contains("/")) {
                throw new IllegalArgumentException("'" + file + "' is not a plain control file name");
            }
        }

        public List<String> fields() { return List.of(cgroup.toString(), file, value); }
    }

    /** Delegation of the cgroup to these host ids (root inside). */
    record CgroupOwner(Path cgroup, int uid, int gid, String why) implements CgroupOp {
        public List<String> fields() {
            return List.of(cgroup.toString(), Integer.toString(uid), Integer.toString(gid));
        }
    }

    /**
     * What execute starts goes into the child LEAF of that v2 cgroup, not into the cgroup itself: once delegated,
     * systemd inside enables controllers there, and cgroup v2 then takes no process into it.
     */
    record CgroupExecute(Path cgroup, String leaf, String why) implements CgroupOp {
        public CgroupExecute { LeafName.require(leaf); }
        public List<String> fields() { return List.of(cgroup.toString(), leaf); }
    }

    /**
     * The monitor runs in a delegated unit of its own (the host unit KEEP when it already runs there, else the new
     * scope SCOPE in SLICE), itself in the child cgroup SUPERVISOR; cgroup2 lines are resolved beneath that unit.
     */
    record SystemdUnit(String scope, String slice, String keepUnit, String supervisor, String description, String why)
            implements CgroupOp {
        public SystemdUnit {
            LeafName.require(scope);
            LeafName.require(supervisor);
        }

        public List<String> fields() { return List.of(scope, slice, keepUnit, supervisor, description); }
    }

    /** PID 1 registered with systemd-machined. */
    record Machine(String machine, String machineClass, Path root, String why) implements CgroupOp {
        public List<String> fields() { return List.of(machine, machineClass, root.toString()); }
    }
}
