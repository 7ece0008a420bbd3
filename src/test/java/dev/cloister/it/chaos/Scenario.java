package dev.cloister.it.chaos;

import java.util.List;

/**
 * One command of the chaos suite: what must exist before it runs, the command itself, what it
 * is about, and what a successful run leaves.
 *
 * @param label    how the report names it
 * @param prepare  commands run (and required to succeed) before each trial
 * @param command  the command that is killed
 * @param subject  the sandbox or network the command is about
 * @param network  whether the subject is a network
 * @param after    what the subject is once the command succeeded
 * @param settled  error messages a retry may give that still mean "done" (already exists, …)
 * @param effect   lines the subject's config has once the command succeeded
 */
record Scenario(String label, List<List<String>> prepare, List<String> command, String subject, boolean network,
                Expect after, List<String> settled, List<String> effect) {

    /** The subject once the command succeeded. */
    enum Expect { PRESENT, ABSENT, RUNNING, STOPPED }

    Scenario {
        prepare = prepare.stream().map(List::copyOf).toList();
        command = List.copyOf(command);
        settled = List.copyOf(settled);
        effect = List.copyOf(effect);
    }

    Scenario(String label, List<List<String>> prepare, List<String> command, String subject, boolean network,
             Expect after, List<String> settled) {
        this(label, prepare, command, subject, network, after, settled, List.of());
    }

    /** Whether a retry's failure still means the command's work is done. */
    boolean settledBy(String stderr) {
        return settled.stream().anyMatch(stderr::contains);
    }
}
