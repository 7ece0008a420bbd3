package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * systemd's unit-file syntax (systemd.syntax(7)). Like systemd itself, lines it cannot understand
 * (no '=', an assignment before any section) are ignored rather than fatal.
 */
final class UnitFileParser {
    private UnitFileParser() {
    }

    static List<UnitEntry> parse(String text, Path source) {
        List<String> logicalLines = new ArrayList<>();
        StringBuilder continued = null;
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            // Comment lines are skipped even in the middle of a continued line, as systemd does.
            if (line.startsWith("#") || line.startsWith(";") || (continued == null && line.isEmpty())) {
                continue;
            }
            if (line.endsWith("\\")) {
                // The backslash is replaced by a space and the next line appended.
                continued = (continued == null ? new StringBuilder() : continued)
                        .append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            logicalLines.add(continued == null ? line : continued.append(line).toString());
            continued = null;
        }
        if (continued != null) {
            logicalLines.add(continued.toString().strip());
        }
        List<UnitEntry> entries = new ArrayList<>();
        String section = null;
        for (String logical : logicalLines) {
            int eq = logical.indexOf('=');
            if (logical.startsWith("[") && logical.endsWith("]")) {
                section = logical.substring(1, logical.length() - 1);
            } else if (eq > 0 && section != null) {
                entries.add(new UnitEntry(section, logical.substring(0, eq).strip(),
                        logical.substring(eq + 1).strip(), source));
            }
        }
        return List.copyOf(entries);
    }
}
