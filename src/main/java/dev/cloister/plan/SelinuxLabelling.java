package dev.cloister.plan;

import dev.cloister.security.selinux.SelinuxLabels;
import dev.cloister.spec.SandboxConfig;

import java.util.Optional;

/** A sandbox's SELinux labels where the host enforces SELinux; empty elsewhere (and in most tests). */
@FunctionalInterface
public interface SelinuxLabelling {
    Optional<SelinuxLabels> labels(SandboxConfig config);

    SelinuxLabelling NONE = config -> Optional.empty();
}
