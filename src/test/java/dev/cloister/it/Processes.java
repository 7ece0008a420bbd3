package dev.cloister.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Finds the processes a test instance started: their command line names its root. */
public final class Processes {
    private Processes() {
    }

    /** The cloister helpers this instance started. */
    public static List<Long> underRoot(Path root) throws IOException {
        return namingRoot(root, cmdline -> cmdline.contains("cloister-helper"));
    }

    /** Every process but this JVM whose command line names ROOT: helpers, and dnsmasq by its pid file. */
    public static List<Long> namingRoot(Path root) throws IOException {
        return namingRoot(root, cmdline -> true);
    }

    /** "pid: command line" of each of PIDS, for a failure message. */
    public static List<String> describe(List<Long> pids) {
        return pids.stream().map(pid -> {
            try {
                return pid + ": " + new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ');
            } catch (IOException e) {
                return pid + ": (gone)";
            }
        }).toList();
    }

    /** Last-resort cleanup of a failed test: only processes this instance started, by pid. */
    public static void killNamingRoot(Path root) throws IOException {
        for (long pid : namingRoot(root)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<Long> namingRoot(Path root, Predicate<String> also) throws IOException {
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    if (cmdline.contains(root.toString()) && also.test(cmdline)) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        }
        return pids;
    }
}
