package dev.cloister.op;

import java.util.regex.Pattern;

/** Names of the cgroups the helper creates: one directory level, no dot names, nothing to escape. */
final class LeafName {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@:+-]{0,254}");

    private LeafName() {
    }

    static void require(String leaf) {
        if (!VALID.matcher(leaf).matches() || leaf.contains("..")) {
            throw new IllegalArgumentException("'" + leaf + "' is not a valid cgroup name: use letters, digits "
                    + "and '_.@:+-', starting with a letter or digit, without '/' or '..'");
        }
    }
}
