package dev.cloister.it.network;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** An isolated cloister instance (own CLOISTER_ROOT) plus the host-side checks network tests need. */
final class NetInstance implements AutoCloseable {
    static final Path HOME = Path.of(System.getenv().getOrDefault("CLOISTER_HOME", ".")).toAbsolutePath();

    record Result(int exit, String out, String err) {
        Result ok() {
            assertThat(exit).as("exit status; stderr: %s; stdout: %s", err, out).isZero();
            return this;
        }
    }

    final Path root;
    final List<String> sandboxes = new ArrayList<>();
    final List<String> networks = new ArrayList<>();

    private NetInstance(Path root) {
        this.root = root;
    }

    static NetInstance create() throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "root integration tests need root");
        assumeTrue(Files.isExecutable(HOME.resolve("build/cloister-helper")), "build the helper first (make)");
        return new NetInstance(Files.createTempDirectory("clst-test-net-"));
    }

    Result cloister(String... args) throws IOException, InterruptedException {
        if (args.length > 1 && args[0].equals("create")) {
            sandboxes.add(args[1]);   // tests write the NAME first
        }
        if (args.length > 2 && args[0].equals("network") && args[1].equals("create")) {
            networks.add(args[2]);
        }
        List<String> cmd = new ArrayList<>(List.of(HOME.resolve("bin/cloister").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CLOISTER_ROOT", root.toString());
        pb.environment().put("CLOISTER_HOME", HOME.toString());
        return exec(pb, 120);
    }

    static Result host(String... cmd) throws IOException, InterruptedException {
        return exec(new ProcessBuilder(cmd), 60);
    }

    private static Result exec(ProcessBuilder pb, int timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("clst-test-out", ".txt");
        Path err = Files.createTempFile("clst-test-err", ".txt");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError(String.join(" ", pb.command()) + " did not finish in " + timeout + " s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    Path meta(String sandbox) {
        return root.resolve("var/lib/cloister/.meta").resolve(sandbox);
    }

    Path netRunDir() {
        return root.resolve("run/cloister/.networks");
    }

    /** The host-visible names a sandbox's plan uses: veths, bridges and nft tables. */
    List<String> hostObjects(String sandbox) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(meta(sandbox).resolve("start.plan"))) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "veth" -> names.add("link:" + f[1]);
                case "bridge" -> names.add("link:" + f[1]);
                case "nft-table" -> names.add("table:" + f[2]);
                default -> { }
            }
        }
        return names;
    }

    /** Of these objects, the ones that exist on the host now. */
    static List<String> existing(List<String> objects) throws IOException, InterruptedException {
        String links = host("ip", "-o", "link").ok().out();
        String tables = host("nft", "list", "tables").ok().out();
        return objects.stream().filter(o -> o.startsWith("link:")
                        ? links.contains(" " + o.substring(5) + ":") || links.contains(" " + o.substring(5) + "@")
                        : tables.lines().anyMatch(l -> l.strip().equals("table ip " + o.substring(6))))
                .distinct().toList();
    }

    /** Processes whose command line names this instance's root (the helper, dnsmasq's pid file…). */
    List<Long> processesUnderRoot() throws IOException {
        List<Long> pids = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || Long.parseLong(name) == self) {
                    continue;
                }
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                    if (cmdline.contains(root.toString())) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        return pids;
    }

    @Override
    public void close() throws Exception {
        try {
            for (String s : sandboxes) {
                if (Files.exists(root.resolve("etc/cloister/" + s + ".conf"))) {
                    cloister("delete", "--force", s);
                }
            }
            for (String n : networks) {
                cloister("network", "delete", n);
            }
            assertThat(processesUnderRoot()).as("processes left behind").isEmpty();
        } finally {
            for (long pid : processesUnderRoot()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            dev.cloister.tree.SafeDelete.deleteTree(root);
        }
    }
}
