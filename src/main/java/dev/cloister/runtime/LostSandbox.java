package dev.cloister.runtime;

import dev.cloister.store.RuntimeState;
import dev.cloister.store.SandboxFiles;
import dev.cloister.tree.SafeDelete;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Cleans up after a monitor that was killed (SIGKILL) before it could: its PID 1 died with it
 * (parent-death signal), so what remains is an empty cgroup and the runtime directory.
 */
final class LostSandbox {
    private LostSandbox() {
    }

    static void cleanUp(SandboxFiles files, RuntimeState state) throws IOException {
        for (Path cgroup : state.cgroups()) {
            removeCgroup(cgroup);
        }
        SafeDelete.deleteTree(files.runDir());
    }

    /** cgroupfs directories are removed with rmdir alone; the kernel refuses while tasks remain. */
    private static void removeCgroup(Path dir) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            try {
                Files.deleteIfExists(dir);
                return;
            } catch (java.nio.file.FileSystemException e) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new IOException("cannot remove cgroup " + dir + ": processes remain in it");
    }
}
