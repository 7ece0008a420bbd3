package dev.cloister.runtime;

import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.AtomicFiles;
import dev.cloister.store.Store;
import dev.cloister.systemd.HostUnit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Writes and removes a sandbox's host unit (and its enablement link). */
final class HostUnits {
    private HostUnits() {
    }

    static void write(Store store, SandboxConfig config) throws IOException {
        Path unitDir = store.paths().unitDir();
        Files.createDirectories(unitDir);
        Path root = store.paths().root();
        Optional<Path> relocated = root.equals(Path.of("/")) ? Optional.empty() : Optional.of(root);
        AtomicFiles.write(unitDir.resolve(HostUnit.fileName(config.name())),
                HostUnit.render(config, launcher(), relocated), "rw-r--r--");
    }

    /** Removes the unit and the link `systemctl enable` made, so nothing refers to a deleted sandbox. */
    static void remove(Store store, String name) throws IOException {
        Path unitDir = store.paths().unitDir();
        Files.deleteIfExists(unitDir.resolve("multi-user.target.wants").resolve(HostUnit.fileName(name)));
        Files.deleteIfExists(unitDir.resolve(HostUnit.fileName(name)));
        AtomicFiles.removeLeftover(unitDir.resolve(HostUnit.fileName(name)));
    }

    /** The cloister launcher the unit runs: the one that runs now (bin/cloister passes its path). */
    private static Path launcher() {
        String self = System.getProperty("cloister.bin");
        return self != null && !self.isBlank() ? Path.of(self).toAbsolutePath().normalize()
                : Path.of("/usr/local/bin/cloister");
    }
}
