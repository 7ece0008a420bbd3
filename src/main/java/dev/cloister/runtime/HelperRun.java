package dev.cloister.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the C helper with the caller's terminal and returns its exit status. */
final class HelperRun {
    private HelperRun() {
    }

    static int run(Path helper, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(helper.toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        dev.cloister.os.HelperProcess.childOfThisProcess(pb);
        Process process = pb.start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("interrupted while the helper ran", e);
        }
    }
}
