package dev.cloister.plan;

import java.util.List;
import java.util.Map;

/** The command PID 1 (or an executed command) runs, with exactly this environment. */
public record ProcessSpec(List<String> argv, List<String> env, String cwd) {
    public static final String PATH =
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /** Why the command gets each variable, by name. */
    private static final Map<String, String> WHY = Map.of(
            "PATH", "where the command's programs are found",
            "HOME", "root's home directory",
            "TERM", "the console's terminal type",
            "container", "systemd's container interface: the container manager's name",
            "container_uuid", "systemd's container interface: a stable id of this sandbox",
            "NOTIFY_SOCKET", "where systemd inside reports READY=1");

    public ProcessSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a sandbox needs a command to run");
        }
    }

    /** Why the command's environment has VARIABLE (KEY=VALUE). */
    static String why(String variable) {
        String key = variable.substring(0, Math.max(0, variable.indexOf('=')));
        return WHY.getOrDefault(key, "the command's environment, which has only what the plan sets");
    }
}
