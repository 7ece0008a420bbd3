package dev.cloister.it.escape;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.CloisterInstance.Result;
import dev.cloister.it.Commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link CloisterInstance} for the escape battery, plus host commands in its environment and
 * background commands (listeners, sniffers, hogs). {@link #close()} ends only the background
 * processes it started (by pid), then closes the instance.
 */
final class Cloister implements AutoCloseable {
    static final Path HOME = Path.of(System.getenv().getOrDefault("CLOISTER_HOME", ".")).toAbsolutePath();
    private final CloisterInstance instance;
    final Path root;
    private final List<Process> background = new ArrayList<>();

    private Cloister(CloisterInstance instance) {
        this.instance = instance;
        this.root = instance.root;
    }

    static Cloister create() throws IOException {
        return new Cloister(CloisterInstance.create());
    }

    /** What a battery class sets up in its instance (sandboxes to attack). */
    @FunctionalInterface
    interface Setup {
        void run(Cloister c) throws Exception;
    }

    /** A new instance with SETUP done in it; should SETUP fail, the instance is closed again. */
    static Cloister createWith(Setup setup) throws Exception {
        Cloister c = create();
        try {
            setup.run(c);
            return c;
        } catch (Throwable t) {
            c.close();
            throw t;
        }
    }

    /** The end of a battery class: its instance closed (if it got one), the report written. */
    static void closeAndReport(Cloister c) throws Exception {
        try {
            if (c != null) {
                c.close();
            }
        } finally {
            Attack.writeReport();
        }
    }

    Result run(String... args) throws IOException, InterruptedException {
        return instance.run(args);
    }

    /** bin/cloister execute NAME -- ARGS. */
    Result exec(String name, String... args) throws IOException, InterruptedException {
        return instance.run(execute(name, args));
    }

    /** bin/cloister execute NAME -- sh -c SCRIPT. */
    Result sh(String name, String script) throws IOException, InterruptedException {
        return exec(name, "/bin/sh", "-c", script);
    }

    List<String> cloister(String... args) {
        return instance.command(args);
    }

    /** Runs any host command with this instance's environment; stdin is /dev/null. */
    Result command(int timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        return Commands.run(instance.builder(command), null, timeoutSeconds);
    }

    /** COMMAND with a fresh pty of build/ptyrun as its terminal; the result's output is what reached that pty. */
    Result onPty(int timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(HOME.resolve("build/ptyrun").toString(), "--"));
        cmd.addAll(command);
        return command(timeoutSeconds, cmd);
    }

    /** bin/cloister ARGS as one shell word list (for sh -c). */
    String cli(String... args) {
        return String.join(" ", cloister(args).stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
    }

    Result host(String... command) throws IOException, InterruptedException {
        return command(120, List.of(command));
    }

    /** A command left running (its output collected in a file); ended by {@link Background#stop()} or close. */
    Background start(List<String> command) throws IOException {
        ProcessBuilder pb = instance.builder(command);
        Path outFile = Files.createTempFile(root, "bg", ".txt");
        pb.redirectOutput(outFile.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        background.add(p);
        return new Background(p, outFile);
    }

    Background startExec(String name, String... args) throws IOException {
        return start(cloister(execute(name, args)));
    }

    private static String[] execute(String name, String... args) {
        List<String> a = new ArrayList<>(List.of("execute", name, "--"));
        a.addAll(List.of(args));
        return a.toArray(String[]::new);
    }

    /** A background command. */
    record Background(Process process, Path output) {
        String out() throws IOException {
            return Files.readString(output);
        }

        /** Waits until the output contains TEXT (or the process ended). */
        Background awaitOutput(String text, int seconds) throws IOException, InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end && !out().contains(text) && process.isAlive()) {
                Thread.sleep(50);
            }
            assertThat(out()).as("output of a background command").contains(text);
            return this;
        }

        /** Waits for the process to end by itself, then returns its result. */
        Result await(int seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                stop();
                throw new AssertionError("background command did not end in " + seconds + " s: " + out());
            }
            return new Result(process.exitValue(), out(), "");
        }

        void stop() throws InterruptedException {
            // only the process this test started (and its descendants), by pid
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

    /** Copies the attack program into the sandbox's tree as /root/escape (host root writes it: id-mapped, root's inside). */
    void install(String name, Path program) throws IOException {
        Path dst = tree(name).resolve("root/escape");
        Files.copy(program, dst, StandardCopyOption.REPLACE_EXISTING);
        dst.toFile().setExecutable(true, false);
    }

    Path tree(String name) {
        return instance.tree(name);
    }

    List<String> mountsUnderRoot() throws IOException {
        return instance.mountsUnderRoot();
    }

    @Override
    public void close() throws Exception {
        try {
            for (Process p : background) {
                if (p.isAlive()) {
                    new Background(p, null).stop();
                }
            }
        } finally {
            instance.close();
        }
    }
}
