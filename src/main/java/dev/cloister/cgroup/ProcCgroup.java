package dev.cloister.cgroup;

import java.util.ArrayList;
import java.util.List;

/** One line of /proc/PID/cgroup: "ID:CONTROLLERS:PATH" (see cgroups(7)); v2 is "0::PATH". */
record ProcCgroup(int id, String key, String path) {

    static List<ProcCgroup> parse(String text) {
        List<ProcCgroup> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            // The path may itself contain ':', so split only twice.
            String[] f = line.split(":", 3);
            if (f.length != 3 || !f[0].matches("\\d{1,9}") || !f[2].startsWith("/")) {
                throw new CgroupException("unexpected line in /proc/self/cgroup: '" + line + "'");
            }
            entries.add(new ProcCgroup(Integer.parseInt(f[0]), f[1], f[2]));
        }
        return entries;
    }

    boolean isUnified() {
        return id == 0 && key.isEmpty();
    }
}
