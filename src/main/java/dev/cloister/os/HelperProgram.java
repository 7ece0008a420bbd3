package dev.cloister.os;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The helper that runs: the program at {@code path}, each call a child process tied to this JVM. */
public record HelperProgram(Path path) implements Helper {

    @Override
    public int attached(List<String> args) throws IOException {
        Process process = HelperProcess.childOfThisProcess(new ProcessBuilder(command(args)).inheritIO()).start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new IOException("interrupted while the helper ran", e);
        }
    }

    @Override
    public HelperProcess.Output run(List<String> args) throws IOException {
        return HelperProcess.run(command(args));
    }

    private List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(path.toString()));
        command.addAll(args);
        return command;
    }
}
