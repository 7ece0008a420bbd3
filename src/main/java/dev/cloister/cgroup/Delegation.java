package dev.cloister.cgroup;

/** Hand the sandbox's cgroup-v2 directory to these host ids (root inside), so systemd inside can manage it. */
public record Delegation(int uid, int gid) {
    public Delegation {
        if (uid < 0 || gid < 0) {
            throw new IllegalArgumentException("delegation ids must not be negative: " + uid + ":" + gid);
        }
    }
}
