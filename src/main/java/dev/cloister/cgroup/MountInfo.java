package dev.cloister.cgroup;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The lines of /proc/PID/mountinfo that cgroup detection needs (see proc(5)). */
record MountInfo(String root, String mountpoint, String fsType, List<String> superOptions) {

    /**
     * Parses mountinfo text. Fields are "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL…] -
     * FSTYPE SOURCE SUPEROPTIONS"; the optional fields vary in number, hence the search for "-".
     */
    static List<MountInfo> parse(String text) {
        List<MountInfo> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(" ");
            int dash = f.length < 10 ? -1 : List.of(f).subList(6, f.length).indexOf("-") + 6;
            if (dash < 6 || dash + 3 >= f.length) {
                throw new CgroupException("unexpected line in mountinfo: '" + line + "'");
            }
            List<String> options = Arrays.stream(f[dash + 3].split(",")).map(MountInfo::unescape).toList();
            mounts.add(new MountInfo(unescape(f[3]), unescape(f[4]), unescape(f[dash + 1]), options));
        }
        return mounts;
    }

    /** The kernel writes space, tab, newline and backslash in these fields as \ooo octal escapes. */
    static String unescape(String field) {
        byte[] in = field.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && i + 3 < in.length && isOctal(in, i + 1)) {
                out.write((in[i + 1] - '0') << 6 | (in[i + 2] - '0') << 3 | (in[i + 3] - '0'));
                i += 3;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte[] b, int from) {
        for (int i = from; i < from + 3; i++) {
            if (b[i] < '0' || b[i] > '7') {
                return false;
            }
        }
        return true;
    }
}
