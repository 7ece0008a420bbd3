package dev.cloister.spec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the sandbox sits on a host whose PID 1 is systemd ({@code [Systemd]} in the config; empty
 * fields take the defaults).
 *
 * @param slice   the slice of its scope (default {@value #DEFAULT_SLICE}), as nspawn's --slice
 * @param restart the host unit's Restart= (default {@value #DEFAULT_RESTART})
 */
public record SystemdSettings(Optional<String> slice, Optional<String> restart) {

    public static final SystemdSettings DEFAULT = new SystemdSettings(Optional.empty(), Optional.empty());
    public static final String DEFAULT_SLICE = "machine.slice";
    public static final String DEFAULT_RESTART = "on-failure";
    /** systemd's Restart= values (systemd.service(5)). */
    public static final List<String> RESTART_POLICIES = List.of("no", "on-success", "on-failure", "on-abnormal",
            "on-watchdog", "on-abort", "always");
    /** A unit name of type slice: systemd's unit-name characters, '-' for nesting (a-b.slice is inside a.slice). */
    private static final Pattern SLICE = Pattern.compile("[A-Za-z0-9:_.\\\\-]{1,249}\\.slice");

    public SystemdSettings {
        slice.ifPresent(s -> require(SLICE.matcher(s).matches() && !s.startsWith("-") && !s.contains("--")
                && !s.equals("-.slice"), "'" + s + "' is not a slice name such as machine.slice"));
        restart.ifPresent(r -> require(RESTART_POLICIES.contains(r), "'" + r + "' is not a restart policy: use one of "
                + String.join(", ", RESTART_POLICIES)));
    }

    public String sliceOrDefault() {
        return slice.orElse(DEFAULT_SLICE);
    }

    public String restartOrDefault() {
        return restart.orElse(DEFAULT_RESTART);
    }

    public boolean isDefault() {
        return slice.isEmpty() && restart.isEmpty();
    }

    public SystemdSettings withSlice(String newSlice) {
        return new SystemdSettings(Optional.of(newSlice), restart);
    }

    public SystemdSettings withRestart(String newRestart) {
        return new SystemdSettings(slice, Optional.of(newRestart));
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
