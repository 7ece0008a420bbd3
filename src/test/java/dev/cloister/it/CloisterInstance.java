package dev.cloister.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * An isolated cloister instance for a root integration test: its own CLOISTER_ROOT under a
 * "clst-test" temporary directory, driven through the real bin/cloister. {@link #close()}
 * stops and deletes every sandbox it made and checks that nothing of them is left on the host.
 */
final class CloisterInstance implements AutoCloseable {

    /** What one command printed and returned. */
    record Result(int exit, String out, String err) {
        Result assertOk() {
            assertThat(exit).as("exit status; stderr: %s; stdout: %s", err, out).isZero();
            return this;
        }
    }

    private static final Path HOME = Path.of(System.getenv().getOrDefault("CLOISTER_HOME", ".")).toAbsolutePath();

    final Path root;
    private final List<String> created = new ArrayList<>();

    private CloisterInstance(Path root) {
        this.root = root;
    }

    static CloisterInstance create() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "root integration tests need root");
        assumeTrue(Files.isExecutable(HOME.resolve("build/cloister-helper")), "build the helper first (make)");
        return new CloisterInstance(Files.createTempDirectory("clst-test-"));
    }

    Result run(String... args) throws IOException, InterruptedException {
        return run(null, 120, args);
    }

    Result run(String stdin, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/cloister").toString());
        command.addAll(List.of(args));
        if (args.length > 1 && args[0].equals("create")) {
            created.add(createdName(args));
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("CLOISTER_ROOT", root.toString());
        env.put("CLOISTER_HOME", HOME.toString());
        Path outFile = Files.createTempFile(root, "out", ".txt");
        Path errFile = Files.createTempFile(root, "err", ".txt");
        pb.redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("`cloister " + String.join(" ", args) + "` did not finish in " + timeoutSeconds + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(outFile), Files.readString(errFile));
        Files.delete(outFile);
        Files.delete(errFile);
        return r;
    }

    /** The NAME of a create command line: the first argument that is not an option or its value. */
    private static String createdName(String[] args) {
        List<String> withValue = List.of("-l", "--level", "-u", "--unitfile", "-P", "--package", "-N", "--network",
                "-m", "--mount", "-s", "--security", "--publish", "--memory", "--cpus", "--cpu-weight", "--pids-limit", "--io-weight");
        for (int i = 1; i < args.length; i++) {
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

    Path runDir(String name) {
        return root.resolve("run/cloister").resolve(name);
    }

    /** Every mount of this host whose path lies under this instance's root. */
    List<String> mountsUnderRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(root.toString())).toList();
    }

    @Override
    public void close() throws Exception {
        try {
            for (String name : created) {
                if (Files.exists(root.resolve("etc/cloister/" + name + ".conf"))) {
                    run("delete", "--force", name);
                }
            }
            assertThat(mountsUnderRoot()).as("mounts left behind").isEmpty();
            assertThat(Processes.underRoot(root)).as("processes left behind").isEmpty();
        } finally {
            Processes.killUnderRoot(root);
            dev.cloister.tree.SafeDelete.deleteTree(root);
        }
    }
}
