package dev.cloister.it.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trials and failures per command and kill mode, and what each failure was. */
final class ChaosReport {
    private static final class Row {
        int alone;
        int group;
        int interrupted;
        int unexplained;
        int leftovers;
        int retries;
    }

    private final long seed;
    private final int rounds;
    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    ChaosReport(long seed, int rounds) {
        this.seed = seed;
        this.rounds = rounds;
    }

    void add(String label, boolean group, long delayMillis, Trial.Recovery recovery, Trial.Verdict v) {
        Row r = rows.computeIfAbsent(label, k -> new Row());
        if (group) {
            r.group++;
        } else {
            r.alone++;
        }
        r.interrupted += v.interrupted() ? 1 : 0;
        r.unexplained += v.unexplained().isEmpty() ? 0 : 1;
        r.leftovers += v.leftovers().isEmpty() ? 0 : 1;
        r.retries += v.retry().isEmpty() ? 0 : 1;
        if (!v.ok()) {
            failures.add(label + " (kill -9 of the " + (group ? "process group" : "CLI alone") + " after " + delayMillis
                    + " ms, recovery " + recovery + "): " + String.join("; ", concat(v)));
        }
    }

    private static List<String> concat(Trial.Verdict v) {
        List<String> all = new ArrayList<>();
        v.unexplained().forEach(u -> all.add("UNEXPLAINED " + u));
        v.leftovers().forEach(l -> all.add("LEFTOVER " + l));
        v.retry().forEach(r -> all.add("RETRY " + r));
        return all;
    }

    void finish(long nanos, Map<String, Long> durations) {
        int trials = 0;
        int failed = 0;
        text.append(String.format("chaos: seed %d, %d round(s) per command and kill mode, %.1f min%n", seed, rounds,
                nanos / 60e9));
        text.append(String.format("%-18s %7s %7s %7s %7s %11s %9s %7s %7s%n", "COMMAND", "WINDOW", "ALONE", "GROUP",
                "CUT", "UNEXPLAINED", "LEFTOVER", "RETRY", "FAILED"));
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            int f = (int) failures.stream().filter(x -> x.startsWith(e.getKey() + " (")).count();
            trials += r.alone + r.group;
            failed += f;
            text.append(String.format("%-18s %5dms %7d %7d %7d %11d %9d %7d %7d%n", e.getKey(),
                    durations.getOrDefault(e.getKey(), 0L), r.alone, r.group, r.interrupted, r.unexplained, r.leftovers,
                    r.retries, f));
        }
        text.append(String.format("total: %d trials (%d cut short by the kill, the rest killed after the command's "
                + "end), %d failed%n", trials, rows.values().stream().mapToInt(r -> r.interrupted).sum(), failed));
        text.append("WINDOW: the command's time in an uninterrupted run; kills land uniformly in 0 to 1.2 x WINDOW\n");
        failures.forEach(f -> text.append("  - ").append(f).append('\n'));
    }

    List<String> failures() {
        return failures;
    }

    String text() {
        return text.toString();
    }
}
