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
 * @param delegation hand the sandbox's cgroup-v2 directory to these ids (systemd inside)
 */
public record CgroupRequest(String sandbox, String hostUnit, Path tree, Limits limits, Optional<Delegation> delegation) {

    /** The name of the sandbox's cgroup (and of its systemd scope, with ".scope"). */
    public String leaf() {
        return "cloister-" + sandbox;
    }
}
