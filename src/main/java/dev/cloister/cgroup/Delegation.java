package dev.cloister.cgroup;

/** Hand the sandbox's cgroup-v2 directory to these host ids (root inside), so systemd inside can manage it. */
public record Delegation(int uid, int gid) {
    /** The child of a delegated cgroup that execute's processes go into (a name systemd inside leaves alone). */
    static final String EXECUTE_LEAF = "cloister-execute";
    static final String WHY = "delegated to root inside: systemd inside manages its own cgroup subtree";
    static final String EXECUTE_WHY = "execute's commands start in this child: cgroup v2 takes no process into a "
            + "cgroup whose controllers systemd inside has enabled";

    public Delegation {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("delegation ids must not be negative: " + uid + ":" + gid);
        }
    }
}
