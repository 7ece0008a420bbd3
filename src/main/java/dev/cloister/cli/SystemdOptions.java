package dev.cloister.cli;

import dev.cloister.spec.SystemdSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** create's options for the sandbox's place on a systemd host ([Systemd] in its config). */
final class SystemdOptions {
    private SystemdOptions() {
    }

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.value("SLICE", "the systemd slice of its scope on systemd hosts (default "
                + SystemdSettings.DEFAULT_SLICE + ")", "--slice"));
        spec.addOption(Specs.value("POLICY", "its host unit's Restart= (default " + SystemdSettings.DEFAULT_RESTART
                + "; " + String.join(", ", SystemdSettings.RESTART_POLICIES) + ")", "--restart"));
    }

    static SystemdSettings from(ParseResult parsed) {
        SystemdSettings s = SystemdSettings.DEFAULT;
        String slice = parsed.matchedOptionValue("--slice", null);
        if (slice != null) {
            s = s.withSlice(slice);
        }
        String restart = parsed.matchedOptionValue("--restart", null);
        if (restart != null) {
            s = s.withRestart(restart);
        }
        return s;
    }
}
