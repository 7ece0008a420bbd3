package dev.cloister.service;

import java.nio.file.Path;

/**
 * A rule's statement that the service needs a path, before it is placed. The owner and mode
 * are what the rule declares, used only when the host has no counterpart to take them from.
 *
 * @param writable the service writes the path itself (so a file may be private without -C)
 */
record Claim(Path path, String reason, int uid, int gid, int mode, boolean writable) {
    static final int DEFAULT_MODE = 0755;

    static Claim existing(Path path, String reason) {
        return new Claim(path, reason, 0, 0, DEFAULT_MODE, false);
    }
}
