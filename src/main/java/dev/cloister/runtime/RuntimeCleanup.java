package dev.cloister.runtime;

import dev.cloister.store.SandboxFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

/**
 * The helper's {@code cleanup PLAN} (native/cleanup.c): what a killed monitor left (cgroups,
 * network pieces, the run directory) released in the same steps the monitor itself runs. Run by
 * gc and delete for every sandbox that is not running; a running or starting one is left alone.
 */
final class RuntimeCleanup {
    enum Outcome { CLEAN, CLEANED, RUNNING, FAILED, NO_PLAN }

    record Result(Outcome outcome, String message) {
    }

    private RuntimeCleanup() {
    }

    static Result run(java.nio.file.Path helper, SandboxFiles files) throws IOException {
        if (!Files.isRegularFile(files.plan())) {
            return new Result(Outcome.NO_PLAN, "no compiled plan");
        }
        ProcessBuilder pb = new ProcessBuilder(List.of(helper.toString(), "cleanup", files.plan().toString()))
                .redirectErrorStream(true);
        dev.cloister.os.HelperProcess.childOfThisProcess(pb);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return switch (p.waitFor()) {
                case 0 -> new Result(out.isEmpty() ? Outcome.CLEAN : Outcome.CLEANED, out);
                case 3 -> new Result(Outcome.RUNNING, "running, or a start or stop is under way: left alone");
                default -> new Result(Outcome.FAILED, out.isEmpty() ? "the helper's cleanup failed" : out);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted while cleaning up " + files.name(), e);
        }
    }
}
