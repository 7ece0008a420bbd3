package dev.cloister.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The monitor's record of a running sandbox ({@code /run/cloister/NAME/state}). Start times
 * (field 22 of /proc/PID/stat) guard against a recycled pid being taken for the sandbox.
 */
public record RuntimeState(long monitorPid, long monitorStart, long initPid, long initStart,
                           List<Path> cgroups, long startedEpochSeconds) {

    public RuntimeState {
        cgroups = List.copyOf(cgroups);
    }

    public static Optional<RuntimeState> read(Path stateFile) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(stateFile);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        long monitorPid = -1, monitorStart = -1, initPid = -1, initStart = -1, started = 0;
        List<Path> cgroups = new ArrayList<>();
        for (String line : lines) {
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String key = line.substring(0, space);
            String value = line.substring(space + 1);
            try {
                switch (key) {
                    case "monitor-pid" -> monitorPid = Long.parseLong(value);
                    case "monitor-start" -> monitorStart = Long.parseLong(value);
                    case "init-pid" -> initPid = Long.parseLong(value);
                    case "init-start" -> initStart = Long.parseLong(value);
                    case "cgroup" -> cgroups.add(Path.of(value));
                    case "started" -> started = Long.parseLong(value);
                    default -> { } // newer helpers may record more; older readers ignore it
                }
            } catch (NumberFormatException e) {
                throw new IOException(stateFile + ": bad value in '" + line + "'");
            }
        }
        if (monitorPid <= 0 || initPid <= 0) {
            throw new IOException(stateFile + ": incomplete state (no monitor or init pid)");
        }
        return Optional.of(new RuntimeState(monitorPid, monitorStart, initPid, initStart, cgroups, started));
    }

    public boolean monitorAlive() {
        return ProcFs.startTime(monitorPid).orElse(-1L) == monitorStart;
    }

    public boolean initAlive() {
        return ProcFs.startTime(initPid).orElse(-1L) == initStart;
    }
}
