package dev.cloister.it;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs one host command to completion, its output captured in temporary files. */
public final class Commands {
    private Commands() {
    }

    /** Starts PB with STDIN as its input (null: /dev/null) and waits at most TIMEOUT_SECONDS for it. */
    public static CloisterInstance.Result run(ProcessBuilder pb, String stdin, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("clst-test-out", ".txt");
        Path err = Files.createTempFile("clst-test-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin == null) {
                pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process p = pb.start();
            if (stdin != null) {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError("`" + String.join(" ", pb.command()) + "` did not finish in " + timeoutSeconds + " s");
            }
            return new CloisterInstance.Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
