package dev.cloister.spec;

import java.util.Arrays;
import java.util.Optional;

/** The sections of a sandbox config file, in the order the canonical form writes them. */
enum ConfigSection {
    SANDBOX("Sandbox"),
    SERVICE("Service"),
    COMMAND("Command"),
    LIMITS("Limits"),
    MOUNT("Mount"),
    NETWORK("Network"),
    KERNEL("Kernel"),
    SYSTEMD("Systemd");

    final String title;

    ConfigSection(String title) {
        this.title = title;
    }

    static Optional<ConfigSection> named(String title) {
        return Arrays.stream(values()).filter(s -> s.title.equals(title)).findFirst();
    }

    String header() {
        return "[" + title + "]";
    }
}
