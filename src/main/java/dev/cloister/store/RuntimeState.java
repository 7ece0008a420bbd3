package dev.cloister.store;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The monitor's record of a running sandbox ({@code /run/cloister/NAME/state}). Start times
 * (field 22 of /proc/PID/stat) guard against a recycled pid being taken for the sandbox. A
 * record without PID 1 ({@code initPid} 0) is a start in progress: the monitor writes it
 * before it makes the cgroups, so that a cleanup after a kill knows them.
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
        } catch (CharacterCodingException e) {
            throw new DamagedFileException(stateFile, 1, "not text (the helper writes it): " + DAMAGED);
        }
        long monitorPid = -1, monitorStart = -1, initPid = 0, initStart = -1, started = 0;
        List<Path> cgroups = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int space = line.indexOf(' ');
            if (space < 0) {
                throw new DamagedFileException(stateFile, i + 1, "'" + line + "' is not KEY VALUE: " + DAMAGED);
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
                throw new DamagedFileException(stateFile, i + 1, "bad number in '" + line + "': " + DAMAGED);
            }
        }
        if (monitorPid <= 0 || initPid < 0) {
            throw new DamagedFileException(stateFile, 0, "no monitor pid: " + DAMAGED);
        }
        return Optional.of(new RuntimeState(monitorPid, monitorStart, initPid, initStart, cgroups, started));
    }

    private static final String DAMAGED = "if no monitor runs (ps), remove the file and run `cloister gc`";

    public boolean monitorAlive() {
        return ProcFs.alive(monitorPid, monitorStart);
    }

    /** Whether PID 1 exists yet (it does not while the monitor builds the sandbox). */
    public boolean hasInit() {
        return initPid > 0;
    }

    public boolean initAlive() {
        return hasInit() && ProcFs.alive(initPid, initStart);
    }
}
