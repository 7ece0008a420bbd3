package dev.cloister.cgroup;

import java.util.List;

/**
 * One control-file write that a limit turns into.
 *
 * @param limit      the limit's name in the sandbox config, for messages
 * @param controller the controller that provides the file
 * @param files      the file, or alternatives in order of preference: the first one the kernel offers is used
 * @param value      what to write
 */
record Setting(String limit, String controller, List<String> files, String value) {
    Setting {
        files = List.copyOf(files);
    }

    Setting(String limit, String controller, String file, String value) {
        this(limit, controller, List.of(file), value);
    }
}
