package dev.cloister.os;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** How every helper process is started from the JVM. */
public final class HelperProcess {
    private HelperProcess() {
    }

    /** A finished helper command: its exit status and what it printed (stdout and stderr, stripped). */
    public record Output(int status, String text) {
    }

    /**
     * Tells the helper which process runs it: its short commands (copy-tree, mount-image,
     * cleanup, …) then die with this JVM instead of working on after a kill -9, beside the
     * recovery that runs next (native/main.c). start, stop and execute are not affected.
     */
    public static ProcessBuilder childOfThisProcess(ProcessBuilder pb) {
        pb.environment().put("CLOISTER_PARENT", Long.toString(ProcessHandle.current().pid()));
        return pb;
    }

    /** Runs COMMAND (a helper command, tied to this JVM) with no input and waits for it. */
    public static Output run(List<String> command) throws IOException {
        Process p = childOfThisProcess(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(new File("/dev/null"))).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return new Output(p.waitFor(), text);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted while running " + command.getFirst() + " " + command.get(1), e);
        }
    }
}
