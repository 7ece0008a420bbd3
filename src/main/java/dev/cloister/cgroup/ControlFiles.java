package dev.cloister.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Writes settings into a running sandbox's cgroup directories. */
final class ControlFiles {
    private ControlFiles() {
    }

    /**
     * Writes each setting into the first of DIRS that has (the first available of) its files.
     * Every file is found before any is written, so a limit the sandbox cannot take changes nothing.
     *
     * @param hint what to do when no directory has a setting's file, given its controller
     */
    static void apply(List<Path> dirs, List<Setting> settings, Function<String, String> hint) {
        if (dirs.isEmpty() && !settings.isEmpty()) {
            throw new CgroupException("the sandbox has no cgroup directories in its state: is it running?");
        }
        List<Path> targets = new ArrayList<>();
        for (Setting s : settings) {
            targets.add(find(dirs, s.files()).orElseThrow(() -> new CgroupException("cannot apply " + s.limit()
                    + ": none of the sandbox's cgroups " + dirs + " has " + String.join(" or ", s.files())
                    + "; " + hint.apply(s.controller()))));
        }
        for (int i = 0; i < settings.size(); i++) {
            write(targets.get(i), settings.get(i).value());
        }
    }

    private static Optional<Path> find(List<Path> dirs, List<String> files) {
        return files.stream()
                .flatMap(f -> dirs.stream().map(d -> d.resolve(f)))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    /** One write(2), as control files want; truncating is harmless on cgroupfs and keeps plain files exact. */
    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new CgroupException("writing '" + value + "' to " + file + " failed: " + e.getMessage()
                    + " (the kernel refuses values out of range, and memory limits below current usage it cannot reclaim)", e);
        }
    }
}
