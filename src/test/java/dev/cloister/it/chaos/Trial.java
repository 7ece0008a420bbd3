package dev.cloister.it.chaos;

import dev.cloister.it.CloisterInstance;
import dev.cloister.it.CloisterInstance.Result;
import dev.cloister.json.JsonReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import dev.cloister.it.HostTraces;
import java.util.stream.Stream;

/**
 * One kill -9 of one command at one moment, and everything checked after it: that `list`
 * explains what is on disk, that the recovery leaves nothing behind, that a retry succeeds, and
 * that removing the subject gives the instance back as it was.
 */
final class Trial {
    /** How a trial recovers from the kill. */
    enum Recovery { RETRY, DELETE_FORCE, GC }

    /** What went wrong, by kind (all empty for a good trial), and whether the kill cut the command short. */
    record Verdict(boolean interrupted, List<String> unexplained, List<String> leftovers, List<String> retry) {
        boolean ok() {
            return unexplained.isEmpty() && leftovers.isEmpty() && retry.isEmpty();
        }
    }

    private static final Set<String> STATES = Set.of("defined", "starting", "running", "stopping", "stopped", "exited",
            "lost", "incomplete", "broken");

    private final CloisterInstance instance;
    private final String tag;
    private final HostTraces traces;
    private final TreeMap<String, Long> baseline;
    private final List<String> unexplained = new ArrayList<>();
    private final List<String> leftovers = new ArrayList<>();
    private final List<String> retry = new ArrayList<>();

    Trial(CloisterInstance instance, String tag, HostTraces traces, TreeMap<String, Long> baseline) {
        this.instance = instance;
        this.tag = tag;
        this.traces = traces;
        this.baseline = baseline;
    }

    Verdict run(Scenario s, long delayMillis, boolean wholeGroup, Recovery recovery) throws Exception {
        for (List<String> step : s.prepare()) {
            instance.run(step.toArray(String[]::new)).assertOk();
        }
        traces.remember();
        boolean interrupted = killed(s.command(), delayMillis, wholeGroup);
        explain("after the kill");
        recover(s, recovery);
        explain("after the recovery (" + recovery + ")");
        checkSubject(s, recovery);
        checkNoStaging("after the recovery (" + recovery + ")");
        if (recovery != Recovery.RETRY) {
            if (!s.prepare().isEmpty() && !present(s)) {
                for (List<String> step : s.prepare()) {   // the subject is gone: the retry needs it back
                    Result r = instance.run(step.toArray(String[]::new));
                    if (r.exit() != 0 && !r.err().contains("already")) {
                        retry.add("preparing again: " + String.join(" ", step) + ": " + r.err().strip());
                    }
                }
            }
            retryCommand(s);
            explain("after the retry");
            checkSubject(s, Recovery.RETRY);
        }
        teardown(s);
        return new Verdict(interrupted, List.copyOf(unexplained), List.copyOf(leftovers), List.copyOf(retry));
    }

    /**
     * Starts COMMAND in a session of its own, kills it (or its whole group) after DELAY, and waits
     * for the group to end. True when the kill came before the command had finished.
     */
    private boolean killed(List<String> command, long delayMillis, boolean wholeGroup) throws Exception {
        List<String> line = new ArrayList<>(List.of("setsid"));
        line.addAll(instance.command(command.toArray(String[]::new)));
        ProcessBuilder pb = instance.builder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(
                        new java.io.File("/dev/null")));
        Process p = pb.start();
        long pid = p.pid();
        boolean interrupted = !p.waitFor(delayMillis, TimeUnit.MILLISECONDS);
        if (interrupted) {
            if (wholeGroup) {
                new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start().waitFor();
            } else {
                p.destroyForcibly();
            }
        }
        p.waitFor();
        // What the group still runs (a helper tied to the JVM dies with it; mkfs or dpkg-query may run on).
        for (int i = 0; i < 200 && !group(pid).isEmpty(); i++) {
            Thread.sleep(50);
        }
        return interrupted;
    }

    /** `list` must show every name the instance has traces of, each in a known state that says what to do when odd. */
    private void explain(String when) throws Exception {
        Result list = instance.run("list", "--json");
        if (list.exit() != 0) {
            unexplained.add(when + ": list failed: " + list.err().strip());
            return;
        }
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        for (Object o : (List<?>) JsonReader.read(list.out())) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) o;
            rows.put(String.valueOf(row.get("name")), row);
        }
        for (String name : namesOnDisk()) {
            Map<String, Object> row = rows.get(name);
            if (row == null) {
                unexplained.add(when + ": " + name + " has " + traces.of(name) + " but list does not show it");
                continue;
            }
            String state = String.valueOf(row.get("state"));
            if (!STATES.contains(state)) {
                unexplained.add(when + ": " + name + " is '" + state + "'");
            } else if (Set.of("incomplete", "broken", "lost").contains(state)
                    && !String.valueOf(row.get("problem")).contains("`cloister ")) {
                unexplained.add(when + ": " + name + " is " + state + " without a command to run: " + row.get("problem"));
            } else if (Set.of("defined", "stopped", "exited").contains(state) && !complete(name)) {
                unexplained.add(when + ": " + name + " is " + state + " but its files are not all there: " + traces.of(name));
            } else if (!Set.of("incomplete", "broken").contains(state)) {
                freshPlanMatchesConfig(when, name);
            }
        }
    }

    /**
     * A plan the fast path would take (not older than the config) must be the config's: its pids
     * limit is the config's. A torn update or upgrade shows here.
     */
    private void freshPlanMatchesConfig(String when, String name) throws IOException {
        Path config = instance.root.resolve("etc/cloister/" + name + ".conf");
        Path plan = instance.root.resolve("var/lib/cloister/.meta/" + name + "/start.plan");
        if (!Files.exists(config) || !Files.exists(plan)
                || Files.getLastModifiedTime(plan).compareTo(Files.getLastModifiedTime(config)) < 0) {
            return;   // stale: compiled again before it runs
        }
        String limit = Files.readAllLines(config).stream().filter(l -> l.startsWith("PidsLimit=")).map(l -> l.substring(10))
                .findFirst().orElse(null);
        if (limit != null && Files.readAllLines(plan).stream().noneMatch(l -> l.endsWith(" pids.max " + limit))) {
            unexplained.add(when + ": " + name + "'s fresh plan does not have the config's PidsLimit=" + limit);
        }
    }

    private void recover(Scenario s, Recovery recovery) throws Exception {
        Result r = switch (recovery) {
            case RETRY -> instance.run(s.command().toArray(String[]::new));
            case DELETE_FORCE -> s.network() ? instance.run("gc") : instance.run("delete", "--force", s.subject());
            case GC -> instance.run("gc");
        };
        boolean deleteOfNothing = recovery == Recovery.DELETE_FORCE && r.err().contains("no sandbox named");
        if (r.exit() != 0 && !s.settledBy(r.err()) && !deleteOfNothing) {
            retry.add(recovery + " failed: " + r.err().strip());
        }
    }

    private void retryCommand(Scenario s) throws Exception {
        Result r = instance.run(s.command().toArray(String[]::new));
        if (r.exit() != 0 && !s.settledBy(r.err())) {
            retry.add("retry of " + String.join(" ", s.command()) + " failed: " + r.err().strip());
        }
    }

    /** After a retry the subject is what the command makes it; after delete --force it is gone without a trace. */
    private void checkSubject(Scenario s, Recovery recovery) throws Exception {
        if (recovery == Recovery.GC) {
            return;   // either side of the commit is right; the retry that follows settles it
        }
        Scenario.Expect want = recovery == Recovery.DELETE_FORCE && !s.network() ? Scenario.Expect.ABSENT : s.after();
        if (recovery == Recovery.DELETE_FORCE && s.network()) {
            return;   // networks recover by gc
        }
        boolean present = present(s);
        if (want == Scenario.Expect.ABSENT && present) {
            leftovers.add(s.subject() + " is still there after " + recovery + ": " + (s.network() ? "network config"
                    : traces.of(s.subject())));
        } else if (want == Scenario.Expect.ABSENT && !s.network() && !traces.of(s.subject()).isEmpty()) {
            leftovers.add("after " + recovery + ": " + traces.of(s.subject()));
        } else if (want != Scenario.Expect.ABSENT && !present) {
            retry.add(s.subject() + " is missing after " + recovery);
        } else if (!s.network() && want != Scenario.Expect.ABSENT) {
            String config = Files.readString(instance.root.resolve("etc/cloister/" + s.subject() + ".conf"));
            s.effect().stream().filter(e -> recovery == Recovery.RETRY && !config.contains(e))
                    .forEach(e -> retry.add(s.subject() + "'s config lacks " + e + " after " + recovery));
            String state = stateOf(s.subject());
            boolean running = state.equals("running");
            if ((want == Scenario.Expect.RUNNING) != running && want != Scenario.Expect.PRESENT) {
                retry.add(s.subject() + " is " + state + " after " + recovery + ", wanted " + want);
            }
        }
    }

    /** Deletes what the trial made and checks that the instance is back to its baseline, byte for byte. */
    private void teardown(Scenario s) throws Exception {
        for (String name : namesOnDisk()) {
            Result r = instance.run(180, "delete", "--force", name);
            if (r.exit() != 0) {
                leftovers.add("delete --force " + name + " failed: " + r.err().strip());
            }
        }
        if (s.network()) {
            Result r = instance.run("network", "delete", s.subject());
            if (r.exit() != 0 && !r.err().contains("does not exist")) {
                leftovers.add("network delete failed: " + r.err().strip());
            }
        }
        List<String> kernel = traces.kernelObjects();
        if (!kernel.isEmpty()) {
            // a last gc may still find what the deletes could not: that is a leftover all the same
            leftovers.add("on the host: " + kernel);
            instance.run("gc");
        }
        TreeMap<String, Long> now = traces.files();
        if (!now.equals(baseline)) {
            Set<String> changed = new TreeSet<>();
            now.forEach((f, size) -> {
                if (!size.equals(baseline.get(f))) {
                    changed.add("+" + f + " (" + size + ")");
                }
            });
            baseline.keySet().stream().filter(f -> !now.containsKey(f)).forEach(f -> changed.add("-" + f));
            leftovers.add("files differ from the baseline: " + changed);
        }
    }

    private void checkNoStaging(String when) throws IOException {
        List<String> staged = traces.staging();
        if (!staged.isEmpty()) {
            leftovers.add(when + ": " + staged);
        }
    }

    private boolean present(Scenario s) throws IOException {
        return s.network() ? Files.exists(instance.root.resolve("etc/cloister/networks/" + s.subject() + ".conf"))
                : Files.exists(instance.root.resolve("etc/cloister/" + s.subject() + ".conf"));
    }

    private String stateOf(String name) throws Exception {
        for (Object o : (List<?>) JsonReader.read(instance.run("list", "--json").assertOk().out())) {
            Map<?, ?> row = (Map<?, ?>) o;
            if (name.equals(row.get("name"))) {
                return String.valueOf(row.get("state"));
            }
        }
        return "absent";
    }

    /** A sandbox list may call defined, stopped or exited has its config, tree and compiled plan. */
    private boolean complete(String name) {
        Path state = instance.root.resolve("var/lib/cloister");
        return Files.exists(instance.root.resolve("etc/cloister/" + name + ".conf")) && Files.isDirectory(state.resolve(name))
                && Files.exists(state.resolve(".meta/" + name + "/start.plan"));
    }

    /** Every sandbox name something on disk belongs to (configs, trees, metadata, staging names, run dirs). */
    private Set<String> namesOnDisk() throws IOException {
        Set<String> names = new TreeSet<>();
        Path state = instance.root.resolve("var/lib/cloister");
        for (Path dir : List.of(instance.root.resolve("etc/cloister"), state, state.resolve(".meta"),
                instance.root.resolve("run/cloister"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    String f = p.getFileName().toString();
                    if (f.endsWith(".conf") && !f.startsWith(".")) {
                        names.add(f.substring(0, f.length() - 5));
                    } else if (f.startsWith(".") && (f.endsWith(".creating") || f.endsWith(".deleting"))) {
                        names.add(f.substring(1, f.lastIndexOf('.')));
                    } else if (!f.startsWith(".") && Files.isDirectory(p) && !f.equals("networks")) {
                        names.add(f);
                    }
                }
            }
        }
        names.addAll(traces.leaseOwners());
        names.addAll(traces.cgroupOwners(tag));
        return names;
    }

    /** The processes of process group PGID (field 5 of /proc/PID/stat). */
    private static List<Long> group(long pgid) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[2]) == pgid && !f[0].equals("Z")) {
                        out.add(Long.parseLong(n));
                    }
                } catch (IOException | RuntimeException gone) {
                    // ended while we looked
                }
            }
        }
        return out;
    }
}
