package dev.cloister.runtime;

import dev.cloister.plan.SelinuxLabelling;
import dev.cloister.security.selinux.SelinuxHost;
import dev.cloister.security.selinux.SelinuxLabels;

import java.nio.file.Path;
import java.util.Optional;

/** The host's SELinux, detected at run time: labels where it is enabled, none where it is not. */
final class HostSelinux {
    private HostSelinux() {
    }

    static SelinuxLabelling forHost(Path hostRoot) {
        SelinuxHost host = new SelinuxHost(hostRoot);
        if (!host.enabled()) {
            return SelinuxLabelling.NONE;
        }
        return config -> {
            SelinuxLabels.Types types = SelinuxLabels.types(host).orElseThrow();
            return Optional.of(SelinuxLabels.decide(types, config.level(), config.selinuxLabel()));
        };
    }
}
