package dev.cloister.security;

import java.util.ArrayList;
import java.util.List;

/**
 * What a sandbox's Landlock rules lose on an older kernel (the helper intersects every mask with
 * the running kernel's ABI, so the start never fails for it), with what still covers the gap.
 * inspect and create print these.
 */
public final class KernelDegradations {
    private KernelDegradations() {
    }

    public static List<String> of(int landlockAbi, LandlockRules rules) {
        List<String> lost = new ArrayList<>();
        boolean fs = rules.handlesFilesystem();
        if (landlockAbi < 1 && (fs || rules.scopes() != 0)) {
            lost.add("no Landlock on this kernel (Linux 5.13+, with landlock in its lsm= list): "
                    + (fs ? "the filesystem rules are not enforced; the read-only mounts and the uid map still "
                    + "confine writes" : "no signal or abstract-socket scoping") + "; the PID and network namespaces "
                    + "still hide every process and abstract socket outside");
            return lost;
        }
        if (fs && landlockAbi < 3 && (rules.handledFs() & LandlockRules.TRUNCATE) != 0) {
            lost.add("Landlock ABI " + landlockAbi + ": truncate(2) is not governed by the filesystem rules (ABI 3, "
                    + "Linux 6.2); read-only mounts still refuse it");
        }
        if (fs && landlockAbi < 5 && (rules.handledFs() & LandlockRules.IOCTL_DEV) != 0) {
            lost.add("Landlock ABI " + landlockAbi + ": ioctls on device files are not governed (ABI 5, Linux 6.10); "
                    + "the seccomp filter still denies the dangerous ones (TIOCSTI, TIOCLINUX)");
        }
        if (landlockAbi < 6 && rules.scopes() != 0) {
            lost.add("Landlock ABI " + landlockAbi + ": no signal or abstract-unix-socket scoping (ABI 6, Linux 6.12); "
                    + "the PID namespace still hides every process outside and the network namespace every "
                    + "abstract socket");
        }
        return lost;
    }
}
