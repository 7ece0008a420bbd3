package dev.cloister.cgroup;

import dev.cloister.spec.Limits;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a driver plans the cgroups of one sandbox from.
 *
 * @param sandbox    its name
 * @param hostUnit   its host unit ({@code NAME_sandbox.service}): on systemd hosts the unit kept when it runs the sandbox
 * @param tree       its tree, the root directory machined is told
 * @param slice      the systemd slice of its scope, on systemd hosts
 * @param delegation hand the sandbox's cgroup-v2 directory to these ids (systemd inside)
 */
public record CgroupRequest(String sandbox, String hostUnit, Path tree, String slice, Limits limits,
                            Optional<Delegation> delegation) {

    /** The state directory of the host's own cloister; a relocated instance (CLOISTER_ROOT) has another. */
    private static final Path HOST_STATE = Path.of("/var/lib/cloister");

    /**
     * The name of the sandbox's cgroup (and of its systemd scope, with ".scope"): "cloister-NAME"
     * for the host's own cloister; a relocated instance adds a tag of its root, so that two
     * instances started from one cgroup (or on one systemd) never fight over a name, though their
     * sandboxes may have the same names.
     */
    public String leaf() {
        return "cloister-" + sandbox + instanceTag(tree.getParent());
    }

    /** What {@link #leaf} adds after the sandbox's name for an instance whose state directory is STATE. */
    public static String instanceTag(Path state) {
        return state == null || state.equals(HOST_STATE) ? "" : String.format("-%08x", state.toString().hashCode());
    }
}
