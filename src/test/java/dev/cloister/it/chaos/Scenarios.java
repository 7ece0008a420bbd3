package dev.cloister.it.chaos;

import dev.cloister.it.chaos.Scenario.Expect;

import java.util.List;

/** The commands issue 13 names, each on a subject of its own, named with this run's TAG. */
final class Scenarios {
    /** PID 1 of the generic sandboxes: it ends on SIGTERM at once, so a stop never waits out its timeout. */
    private static final List<String> SLEEPER = List.of("/bin/sh", "-c",
            "trap 'exit 0' TERM; while :; do sleep 1 & wait $!; done");

    private Scenarios() {
    }

    static List<Scenario> all(String tag) {
        String box = tag + "-box";
        String src = tag + "-src";
        String net = tag.replace("clst-", "") + "-n";   // network names have at most 11 characters
        List<String> createBox = generic("create", box);
        List<String> createSrc = generic("create", src);
        return List.of(
                new Scenario("create", List.of(), createBox, box, false, Expect.PRESENT, List.of("already exists")),
                new Scenario("create -C -u", List.of(), List.of("create", "-C", "-u", "apache2.service", box), box, false,
                        Expect.PRESENT, List.of("already exists")),
                new Scenario("create --storage", List.of(), withOptions(createBox, "--storage", "32M"), box, false,
                        Expect.PRESENT, List.of("already exists")),
                new Scenario("clone", List.of(createSrc), List.of("clone", src, box), box, false, Expect.PRESENT,
                        List.of("already exists")),
                new Scenario("delete", List.of(withOptions(createBox, "--storage", "32M")), List.of("delete", box), box,
                        false, Expect.ABSENT, List.of("no sandbox named")),
                new Scenario("upgrade", List.of(createBox), List.of("upgrade", box), box, false, Expect.PRESENT, List.of()),
                new Scenario("update", List.of(createBox, List.of("start", box)), List.of("update", box, "--memory",
                        "300M", "--pids-limit", "777"), box, false, Expect.RUNNING, List.of(), List.of("PidsLimit=777")),
                new Scenario("start", List.of(createBox), List.of("start", box), box, false, Expect.RUNNING,
                        List.of("already running")),
                new Scenario("start -N dhcp", List.of(withOptions(createBox, "-N", "dhcp")), List.of("start", box), box,
                        false, Expect.RUNNING, List.of("already running")),
                new Scenario("stop", List.of(createBox, List.of("start", box)), List.of("stop", box), box, false,
                        Expect.STOPPED, List.of()),
                new Scenario("network create", List.of(), List.of("network", "create", net), net, true, Expect.PRESENT,
                        List.of("already exists")),
                new Scenario("network delete", List.of(List.of("network", "create", net)), List.of("network", "delete", net),
                        net, true, Expect.ABSENT, List.of("does not exist")));
    }

    private static List<String> generic(String verb, String name) {
        return concat(List.of(verb, name, "--"), SLEEPER);
    }

    /** CREATE with OPTIONS before its NAME. */
    private static List<String> withOptions(List<String> create, String... options) {
        return concat(concat(List.of(create.getFirst()), List.of(options)), create.subList(1, create.size()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
