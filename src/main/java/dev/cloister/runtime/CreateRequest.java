package dev.cloister.runtime;

import dev.cloister.spec.KernelAccess;
import dev.cloister.spec.Limits;
import dev.cloister.spec.MountRequest;
import dev.cloister.spec.SecurityLevel;
import dev.cloister.spec.SystemdSettings;

import java.util.List;
import java.util.Optional;

/** What the administrator asked {@code create} for; identity (level, uid range) is allocated from it. */
public record CreateRequest(String name, List<String> command, List<String> units, List<String> packages,
                            boolean copy, Optional<SecurityLevel> level, Optional<String> selinuxLabel,
                            Limits limits, List<MountRequest> mounts, List<String> networks,
                            List<String> publish, KernelAccess kernel, SystemdSettings systemd) {
    public CreateRequest {
        command = List.copyOf(command);
        units = List.copyOf(units);
        packages = List.copyOf(packages);
        mounts = List.copyOf(mounts);
        networks = List.copyOf(networks);
        publish = List.copyOf(publish);
    }
}
