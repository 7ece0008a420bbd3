package dev.cloister.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs a host command (dpkg-query, rpm) and captures its output; tests substitute fixture output. */
@FunctionalInterface
public interface CommandRunner {

    Result run(List<String> argv);

    record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** The real runner. LC_ALL=C keeps the tools' messages in the format the parsers expect. */
    static CommandRunner system() {
        return argv -> {
            ProcessBuilder builder = new ProcessBuilder(argv);
            builder.environment().put("LC_ALL", "C");
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                Process process = builder.start();
                Future<String> stderr = executor.submit(() -> readAll(process.getErrorStream()));
                String stdout = readAll(process.getInputStream());
                return new Result(process.waitFor(), stdout, stderr.get());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run " + argv.getFirst(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running " + argv.getFirst(), e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("cannot read the output of " + argv.getFirst(), e.getCause());
            }
        };
    }

    private static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
