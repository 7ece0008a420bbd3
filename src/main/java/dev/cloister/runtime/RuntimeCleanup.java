package dev.cloister.runtime;

import dev.cloister.os.Helper;
import dev.cloister.os.HelperProcess;
import dev.cloister.store.SandboxFiles;

import java.io.IOException;
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

    static Result run(Helper helper, SandboxFiles files) throws IOException {
        if (!Files.isRegularFile(files.plan())) {
            return new Result(Outcome.NO_PLAN, "no compiled plan");
        }
        HelperProcess.Output out = helper.run(List.of("cleanup", files.plan().toString()));
        return switch (out.status()) {
            case 0 -> new Result(out.text().isEmpty() ? Outcome.CLEAN : Outcome.CLEANED, out.text());
            case 3 -> new Result(Outcome.RUNNING, "running, or a start or stop is under way: left alone");
            default -> new Result(Outcome.FAILED, out.text().isEmpty() ? "the helper's cleanup failed" : out.text());
        };
    }
}
