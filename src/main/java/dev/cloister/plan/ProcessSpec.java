package dev.cloister.plan;

import java.util.List;

/** The command PID 1 (or an executed command) runs, with exactly this environment. */
public record ProcessSpec(List<String> argv, List<String> env, String cwd) {
    public static final String PATH =
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public ProcessSpec {
        argv = List.copyOf(argv);
        env = List.copyOf(env);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a sandbox needs a command to run");
        }
    }
}
