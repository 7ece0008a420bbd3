package dev.cloister.it.services;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.CloisterInstance.Result;
import dev.cloister.it.Commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link CloisterInstance} for the service matrix, plus service sandboxes' helpers and
 * host-side clients.
 */
final class Sandboxes implements AutoCloseable {

    /** Services whose daemons must not run in a sandbox that did not ask for them: unit → process names. */
    static final Map<String, List<String>> DAEMONS = Map.of(
            "apache2", List.of("apache2"), "nginx", List.of("nginx"), "postgresql", List.of("postgres"),
            "mariadb", List.of("mariadbd", "mysqld"), "redis-server", List.of("redis-server"),
            "memcached", List.of("memcached"), "dovecot", List.of("dovecot", "imap-login"),
            "cron", List.of("cron"), "ssh", List.of("sshd"), "lxc-net", List.of("dnsmasq"));
    /** What systemd's own boot runs in every service sandbox besides the requested units. */
    private static final Set<String> INFRASTRUCTURE = Set.of("systemd-journald.service", "dbus.service",
            "systemd-logind.service", "systemd-udevd.service", "systemd-resolved.service",
            "systemd-networkd.service", "systemd-timesyncd.service");

    private final CloisterInstance instance;

    private Sandboxes(CloisterInstance instance) {
        this.instance = instance;
    }

    static Sandboxes create() throws IOException {
        return new Sandboxes(CloisterInstance.create());
    }

    Result cloister(String... args) throws IOException, InterruptedException {
        return instance.run(180, args);
    }

    /** `create [-C] -u U… NAME` then `start NAME`, both successful. */
    void createAndStart(String name, boolean copy, String... units) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("create"));
        if (copy) {
            args.add("-C");
        }
        for (String u : units) {
            args.add("-u");
            args.add(u);
        }
        args.add(name);
        cloister(args.toArray(String[]::new)).assertOk();
        cloister("start", name).assertOk();
    }

    /** Runs CMD inside the sandbox. */
    Result inside(String name, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("execute", name, "--"));
        args.addAll(List.of(command));
        return cloister(args.toArray(String[]::new));
    }

    /** Restarts the sandbox: stop, then start again. */
    void restart(String name) throws IOException, InterruptedException {
        cloister("stop", name).assertOk();
        cloister("start", name).assertOk();
    }

    /** The sandbox's first IPv4 address from `list --json`. */
    String address(String name) throws IOException, InterruptedException {
        String json = cloister("list", "--json").assertOk().out();
        int at = json.indexOf("\"name\": \"" + name + "\"");
        assertThat(at).as("%s in list --json: %s", name, json).isGreaterThanOrEqualTo(0);
        Matcher m = Pattern.compile("\"addresses\":\\s*\\[\\s*\"([0-9.]+)/").matcher(json);
        assertThat(m.find(at)).as("an address of %s in %s", name, json).isTrue();
        return m.group(1);
    }

    Path tree(String name) {
        return instance.tree(name);
    }

    /** A file of the sandbox's tree, by its path inside. */
    Path file(String name, String inside) {
        return tree(name).resolve(inside.substring(1));
    }

    /** Edits a file of the tree in place, as an administrator on the host would (owner and mode kept). */
    void edit(String name, String inside, java.util.function.UnaryOperator<String> change) throws IOException {
        Path f = file(name, inside);
        String before = Files.readString(f, StandardCharsets.ISO_8859_1);
        String after = change.apply(before);
        assertThat(after).as("the edit of %s changed it", inside).isNotEqualTo(before);
        Files.writeString(f, after, StandardCharsets.ISO_8859_1);
    }

    /** Runs a host client until it succeeds (the service may still be starting) or the time is up. */
    Result client(Duration patience, Map<String, String> env, String... command) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        Result r;
        do {
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(env);
            r = Commands.run(pb, null, 60);
            if (r.exit() == 0) {
                return r;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return r;
    }

    /**
     * Nothing of the host's enabled services runs inside but what was asked for: the running
     * service units are the requested ones (or their instances) and systemd's own, and no daemon
     * of another service is in the process list.
     */
    void assertOnlyRequestedRun(String name, String... requested) throws IOException, InterruptedException {
        String units = inside(name, "systemctl", "list-units", "--type=service", "--state=running", "--no-legend",
                "--plain").assertOk().out();
        Set<String> running = new LinkedHashSet<>();
        units.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> running.add(l.split("\\s+")[0]));
        assertThat(running).as("running services in %s", name).allMatch(u -> INFRASTRUCTURE.contains(u)
                || Arrays.stream(requested).anyMatch(r -> u.equals(r + ".service") || u.startsWith(r + "@")));
        Set<String> processes = new LinkedHashSet<>(inside(name, "ps", "-e", "-o", "comm=").assertOk().out().lines()
                .map(String::strip).toList());
        Set<String> allowed = new LinkedHashSet<>();
        Arrays.stream(requested).forEach(r -> allowed.addAll(DAEMONS.getOrDefault(r, List.of())));
        List<String> foreign = DAEMONS.values().stream().flatMap(List::stream).filter(d -> !allowed.contains(d))
                .filter(processes::contains).toList();
        assertThat(foreign).as("daemons of other services inside %s (processes %s)", name, processes).isEmpty();
        // The host's enabled units (its multi-user.target.wants) stay out unless requested.
        Path wants = Path.of("/etc/systemd/system/multi-user.target.wants");
        if (Files.isDirectory(wants)) {
            try (Stream<Path> s = Files.list(wants)) {
                for (String unit : s.map(p -> p.getFileName().toString()).filter(u -> u.endsWith(".service")).toList()) {
                    String base = unit.substring(0, unit.length() - ".service".length());
                    if (Arrays.asList(requested).contains(base)) {
                        continue;
                    }
                    assertThat(running).as("host-enabled %s inside %s", unit, name).doesNotContain(unit);
                }
            }
        }
    }

    /** What a failing test should show: the sandbox's failed units and its journal's tail. */
    String diagnostics(String name) {
        try {
            return inside(name, "systemctl", "--no-pager", "--failed").out()
                    + inside(name, "journalctl", "--no-pager", "-n", "40").out();
        } catch (Exception e) {
            return "(no diagnostics: " + e + ")";
        }
    }

    @Override
    public void close() throws Exception {
        instance.close();
    }
}
