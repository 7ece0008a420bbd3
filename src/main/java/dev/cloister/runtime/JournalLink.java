package dev.cloister.runtime;

import dev.cloister.store.Store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;

import java.nio.file.Path;

/**
 * Links a service sandbox's journal into the host's /var/log/journal, as systemd-nspawn's
 * --link-journal does, so the host's `journalctl -m` shows it. The link is found again by its
 * target, never by reading the sandbox's machine-id (which root inside may change).
 */
final class JournalLink {
    private JournalLink() {
    }

    static Path hostJournal(Store store) {
        return store.paths().root().resolve("var/log/journal");
    }

    static void create(Store store, Path tree, String machineId) throws IOException {
        Path inTree = tree.resolve("var/log/journal").resolve(machineId);
        Files.createDirectories(inTree);
        Path host = hostJournal(store);
        Files.createDirectories(host);
        Path link = host.resolve(machineId);
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, inTree);
    }

    static void remove(Store store, Path tree) throws IOException {
        Path host = hostJournal(store);
        if (!Files.isDirectory(host)) {
            return;
        }
        Path ours = tree.resolve("var/log/journal");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(host)) {
            for (Path entry : entries) {
                if (Files.isSymbolicLink(entry) && Files.readSymbolicLink(entry).startsWith(ours)) {
                    Files.delete(entry);
                }
            }
        }
    }

    /** The machine-id create wrote (read before the sandbox ever ran, so it is still ours). */
    static String machineId(Path tree) throws IOException {
        String id = Files.readString(tree.resolve("etc/machine-id")).strip();
        if (!id.matches("[0-9a-f]{32}") || Files.isSymbolicLink(tree.resolve("etc/machine-id"))) {
            throw new IOException("unexpected machine-id in " + tree + "/etc/machine-id");
        }
        return id;
    }
}
