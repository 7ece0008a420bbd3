package dev.cloister.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every entry beneath some directories, by path: a directory, a link's target or a file's digest. */
record DiskState(Map<Path, String> entries) {

    static DiskState of(Path... roots) throws IOException {
        Map<Path, String> entries = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.toList()) {
                    entries.put(p, Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                            : Files.isDirectory(p) ? "directory" : digest(p));
                }
            }
        }
        return new DiskState(entries);
    }

    /** What differs from BEFORE, one line per path: "+ PATH" made, "- PATH" gone, "~ PATH" changed. */
    List<String> changesSince(DiskState before) {
        List<String> changes = new ArrayList<>();
        before.entries().forEach((path, was) -> {
            if (!entries.containsKey(path)) {
                changes.add("- " + path);
            } else if (!entries.get(path).equals(was)) {
                changes.add("~ " + path);
            }
        });
        entries.keySet().stream().filter(path -> !before.entries().containsKey(path)).forEach(p -> changes.add("+ " + p));
        return changes;
    }

    private static String digest(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
