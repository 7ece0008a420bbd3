package dev.cloister.os;

/** How every helper process is started from the JVM. */
public final class HelperProcess {
    private HelperProcess() {
    }

    /**
     * Tells the helper which process runs it: its short commands (copy-tree, mount-image,
     * cleanup, …) then die with this JVM instead of working on after a kill -9, beside the
     * recovery that runs next (native/main.c). start, stop and execute are not affected.
     */
    public static ProcessBuilder childOfThisProcess(ProcessBuilder pb) {
        pb.environment().put("CLOISTER_PARENT", Long.toString(ProcessHandle.current().pid()));
        return pb;
    }
}
