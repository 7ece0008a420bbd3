package dev.cloister.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A host whose PID 1 is systemd, as sd_booted(3) tells it (/run/systemd/system exists), and
 * whether systemd-machined can be asked to register sandboxes (Debian: package systemd-container).
 */
public record SystemdHost(boolean machined) {

    public static Optional<SystemdHost> probe(Path hostRoot) {
        if (!Files.isDirectory(hostRoot.resolve("run/systemd/system"))) {
            return Optional.empty();
        }
        return Optional.of(new SystemdHost(
                Files.exists(hostRoot.resolve("usr/share/dbus-1/system-services/org.freedesktop.machine1.service"))));
    }
}
