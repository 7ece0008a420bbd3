package dev.cloister.cgroup;

/** Hand the sandbox's cgroup-v2 directory to these host ids (root inside), so systemd inside can manage it. */
public record Delegation(int uid, int gid) {
    /** The child of a delegated cgroup that execute's processes go into (a name systemd inside leaves alone). */
    static final String EXECUTE_LEAF = "cloister-execute";

    public Delegation {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("delegation ids must not be negative: " + uid + ":" + gid);
        }
    }
}
