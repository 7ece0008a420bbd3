package dev.cloister.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the helper processes a test instance started (their command line names its root). */
final class Processes {
    private Processes() {
    }

    static List<Long> underRoot(Path root) throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmdline.contains("cloister-helper") && cmdline.contains(root.toString())) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }

    /** Last-resort cleanup of a failed test: only processes this instance started, by pid. */
    static void killUnderRoot(Path root) throws IOException {
        for (long pid : underRoot(root)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
