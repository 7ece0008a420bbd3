package dev.cloister.it.escape;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An isolated cloister instance for the escape battery: its own CLOISTER_ROOT under a
 * "clst-test-" temporary directory, driven through the real bin/cloister, plus background
 * commands (listeners, sniffers, hogs). {@link #close()} stops and deletes every sandbox it made,
 * ends only the processes it started (by pid), and checks that nothing is left on the host.
 */
final class Cloister implements AutoCloseable {

    /** What one command printed and returned. */
    record Result(int exit, String out, String err) {
        Result assertOk() {
            assertThat(exit).as("exit status; stderr: %s; stdout: %s", err, out).isZero();
            return this;
        }

        /** The attack program's verdict lines ("RESULT vector VERDICT detail"). */
        List<String> verdicts() {
            return out.lines().filter(l -> l.startsWith("RESULT ")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n" + out + (err.isBlank() ? "" : "stderr: " + err);
        }
    }

    static final Path HOME = Path.of(System.getenv().getOrDefault("CLOISTER_HOME", ".")).toAbsolutePath();

    final Path root;
    private final List<String> created = new ArrayList<>();
    private final List<Process> background = new ArrayList<>();

    private Cloister(Path root) {
        this.root = root;
    }

    static Cloister create() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "root integration tests need root");
        assumeTrue(Files.isExecutable(HOME.resolve("build/cloister-helper")), "build the helper first (make)");
        return new Cloister(Files.createTempDirectory("clst-test-"));
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(120, args);
    }

    Result run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        return command(timeoutSeconds, cloister(args));
    }

    /** bin/cloister execute NAME -- ARGS. */
    Result exec(String name, String... args) throws IOException, InterruptedException {
        List<String> a = new ArrayList<>(List.of("execute", name, "--"));
        a.addAll(List.of(args));
        return run(120, a.toArray(String[]::new));
    }

    /** bin/cloister execute NAME -- sh -c SCRIPT. */
    Result sh(String name, String script) throws IOException, InterruptedException {
        return exec(name, "/bin/sh", "-c", script);
    }

    List<String> cloister(String... args) {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/cloister").toString());
        command.addAll(List.of(args));
        if (args.length > 1 && (args[0].equals("create") || args[0].equals("clone"))) {
            created.add(args[0].equals("clone") ? args[args.length - 1] : createdName(args));
        }
        return command;
    }

    /** Runs any host command with this instance's environment; stdin is /dev/null. */
    Result command(int timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = builder(command);
        Path outFile = Files.createTempFile(root, "out", ".txt");
        Path errFile = Files.createTempFile(root, "err", ".txt");
        pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("`" + String.join(" ", command) + "` did not finish in " + timeoutSeconds + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        Files.delete(outFile);
        Files.delete(errFile);
        return r;
    }

    Result host(String... command) throws IOException, InterruptedException {
        return command(120, List.of(command));
    }

    /** A command left running (its output collected in a file); ended by {@link Background#stop()} or close. */
    Background start(List<String> command) throws IOException {
        ProcessBuilder pb = builder(command);
        Path outFile = Files.createTempFile(root, "bg", ".txt");
        pb.redirectOutput(outFile.toFile()).redirectErrorStream(true);
        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        background.add(p);
        return new Background(p, outFile);
    }

    Background startExec(String name, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("execute", name, "--"));
        a.addAll(List.of(args));
        return start(cloister(a.toArray(String[]::new)));
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

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("CLOISTER_ROOT", root.toString());
        env.put("CLOISTER_HOME", HOME.toString());
        pb.directory(HOME.toFile());
        return pb;
    }

    private static String createdName(String[] args) {
        List<String> withValue = List.of("-l", "--level", "-u", "--unitfile", "-P", "--package", "-N", "--network",
                "-m", "--mount", "-s", "--security", "--memory", "--cpus", "--cpu-weight", "--pids-limit", "--io-weight");
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--")) {
                break;
            }
            if (withValue.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return "";
    }

    Path tree(String name) {
        return root.resolve("var/lib/cloister").resolve(name);
    }

    /** Copies the attack program into the sandbox's tree as /root/escape (host root writes it: id-mapped, root's inside). */
    void install(String name, Path program) throws IOException {
        Path dst = tree(name).resolve("root/escape");
        Files.copy(program, dst, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        dst.toFile().setExecutable(true, false);
    }

    List<String> mountsUnderRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(root.toString())).toList();
    }

    /** Helper processes whose command line names this root. */
    List<Long> helpers() throws IOException {
        List<Long> pids = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    if (cmdline.contains("cloister-helper") && cmdline.contains(root.toString())) {
                        pids.add(Long.parseLong(n));
                    }
                } catch (IOException e) {
                    // ended while we looked
                }
            }
        }
        return pids;
    }

    @Override
    public void close() throws Exception {
        try {
            for (Process p : background) {
                if (p.isAlive()) {
                    new Background(p, null).stop();
                }
            }
            for (String name : created) {
                if (Files.exists(root.resolve("etc/cloister/" + name + ".conf"))) {
                    run("delete", "--force", name);
                }
            }
            assertThat(mountsUnderRoot()).as("mounts left behind").isEmpty();
            assertThat(helpers()).as("processes left behind").isEmpty();
        } finally {
            for (long pid : helpers()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            dev.cloister.tree.SafeDelete.deleteTree(root);
        }
    }
}
