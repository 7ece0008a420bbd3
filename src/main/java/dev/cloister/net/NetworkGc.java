package dev.cloister.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes what a killed monitor left of a sandbox's network: {@code cloister-helper net-cleanup
 * PLAN} deletes its veths and its publish table, and releases its bridges (a bridge without ports
 * goes, with its table and its DHCP server). The helper leaves a running or starting sandbox alone.
 */
public final class NetworkGc {
    /** What happened to one sandbox. */
    public enum Outcome { CLEANED, RUNNING, FAILED, NO_PLAN }

    public record Result(String sandbox, Outcome outcome, String message) {
    }

    private NetworkGc() {
    }

    public static Result cleanup(Path helper, String sandbox, Path plan) throws IOException {
        if (!Files.isRegularFile(plan)) {
            return new Result(sandbox, Outcome.NO_PLAN, "no compiled plan");
        }
        Process p = new ProcessBuilder(helper.toString(), "net-cleanup", plan.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return switch (p.waitFor()) {
                case 0 -> new Result(sandbox, Outcome.CLEANED, out);
                case 3 -> new Result(sandbox, Outcome.RUNNING, "running or starting: left alone");
                default -> new Result(sandbox, Outcome.FAILED, out.isEmpty() ? "net-cleanup failed" : out);
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted while cleaning up " + sandbox, e);
        }
    }
}
