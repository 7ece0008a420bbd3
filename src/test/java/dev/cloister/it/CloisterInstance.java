package dev.cloister.it;

import dev.cloister.Prerequisites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An isolated cloister instance for a root integration test: its own CLOISTER_ROOT under a
 * "clst-test" temporary directory, driven through the real bin/cloister. {@link #close()}
 * deletes every sandbox and network it made and checks that nothing of them is left on the host.
 */
public final class CloisterInstance implements AutoCloseable {

    /** What one command printed and returned. */
    public record Result(int exit, String out, String err) {
        public Result assertOk() {
            assertThat(exit).as("exit status; stderr: %s; stdout: %s", err, out).isZero();
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n" + out + (err.isBlank() ? "" : "stderr: " + err);
        }
    }

    private static final Path HOME = Path.of(System.getenv().getOrDefault("CLOISTER_HOME", ".")).toAbsolutePath();
    /** The create options that take a value: the NAME is the first argument that is neither. */
    private static final List<String> WITH_VALUE = List.of("-l", "--level", "-u", "--unitfile", "-P", "--package",
            "-N", "--network", "-m", "--mount", "-s", "--security", "--publish", "--storage", "--memory", "--cpus", "--cpu-weight",
            "--pids-limit", "--io-weight", "--nested-userns", "--ptys", "--console-log-size");
    /** How long a cleanup delete may take (a service sandbox's systemd stops its units first). */
    private static final int DELETE_SECONDS = 180;

    public final Path root;
    private final List<String> sandboxes = new java.util.concurrent.CopyOnWriteArrayList<>();   // tests run commands in threads
    private final List<String> networks = new java.util.concurrent.CopyOnWriteArrayList<>();

    private CloisterInstance(Path root) {
        this.root = root;
    }

    public static CloisterInstance create() throws IOException {
        return create("clst-test-");
    }

    /** An instance whose root is a new temporary directory named PREFIX…. */
    public static CloisterInstance create(String prefix) throws IOException {
        return at(Files.createTempDirectory(prefix));
    }

    /** An instance in ROOT, an empty directory the caller made (a small filesystem of its own, say); close() removes it. */
    public static CloisterInstance at(Path root) {
        Prerequisites.requireRoot();
        Prerequisites.requireHelper(HOME.resolve("build/cloister-helper"));
        return new CloisterInstance(root);
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return run(120, args);
    }

    public Result run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        return run(null, timeoutSeconds, args);
    }

    /** bin/cloister ARGS with STDIN as its input (null: /dev/null). */
    public Result run(String stdin, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        return Commands.run(builder(command(args)), stdin, timeoutSeconds);
    }

    /**
     * bin/cloister ARGS on a fresh pty of build/ptyrun (which writes nothing into it but INPUT,
     * when not null): its output is exactly what was written to the pty.
     */
    public Result onPty(String input, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("build/ptyrun").toString()));
        if (input != null) {
            command.addAll(List.of("--input", input));
        }
        command.add("--");
        command.addAll(command(args));
        return Commands.run(builder(command), null, timeoutSeconds);
    }

    /** The command line of bin/cloister ARGS; the sandbox or network it creates is deleted by {@link #close()}. */
    public List<String> command(String... args) {
        if (args.length > 1 && args[0].equals("create")) {
            sandboxes.add(createdName(args));
        } else if (args.length > 1 && args[0].equals("clone")) {
            sandboxes.add(args[args.length - 1]);
        } else if (args.length > 2 && args[0].equals("network") && args[1].equals("create")) {
            networks.add(args[2]);
        }
        List<String> command = new ArrayList<>();
        command.add(HOME.resolve("bin/cloister").toString());
        command.addAll(List.of(args));
        return command;
    }

    /** A builder of COMMAND with this instance's environment, run from CLOISTER_HOME. */
    public ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("CLOISTER_ROOT", root.toString());
        env.put("CLOISTER_HOME", HOME.toString());
        pb.directory(HOME.toFile());
        return pb;
    }

    /** The NAME of a create command line: the first argument before "--" that is not an option or its value. */
    private static String createdName(String[] args) {
        for (int i = 1; i < args.length && !args[i].equals("--"); i++) {
            if (WITH_VALUE.contains(args[i])) {
                i++;
            } else if (!args[i].startsWith("-")) {
                return args[i];
            }
        }
        return "";
    }

    public Path tree(String name) {
        return root.resolve("var/lib/cloister").resolve(name);
    }

    public Path runDir(String name) {
        return root.resolve("run/cloister").resolve(name);
    }

    private static boolean isMountPoint(Path dir) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream().anyMatch(l -> l.split(" ")[4].equals(dir.toString()));
    }

    /** Every mount of this host whose path lies under this instance's root (a filesystem on the root itself is not one). */
    public List<String> mountsUnderRoot() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(root.toString()) && !l.split(" ")[4].equals(root.toString())).toList();
    }

    @Override
    public void close() throws Exception {
        try {
            for (String name : sandboxes) {
                if (Files.exists(root.resolve("etc/cloister/" + name + ".conf"))) {
                    run(DELETE_SECONDS, "delete", "--force", name);
                }
            }
            for (String network : networks) {
                run("network", "delete", network);
            }
            assertThat(mountsUnderRoot()).as("mounts left behind").isEmpty();
            assertThat(Processes.namingRoot(root)).as("processes left behind: %s", Processes.describe(Processes.namingRoot(root)))
                    .isEmpty();
        } finally {
            Processes.killNamingRoot(root);
            if (isMountPoint(root)) {   // a filesystem of the caller's: emptied here, unmounted by the caller
                try (var entries = Files.list(root)) {
                    for (Path entry : entries.toList()) {
                        dev.cloister.tree.SafeDelete.deleteTree(entry);
                    }
                }
            } else {
                dev.cloister.tree.SafeDelete.deleteTree(root);
            }
        }
    }
}
