package dev.cloister.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A directory line of a tmpfiles.d file (tmpfiles.d(5) types d, D, v, q, Q): packages declare
 * there the directories their daemons need, so a sandbox needs them too.
 *
 * @param line  the line as written, for the plan's reason
 * @param mode  the declared mode, empty for "-"
 * @param user  the declared owner, empty for "-"
 * @param group the declared group, empty for "-"
 */
public record TmpfilesEntry(String line, Path path, Optional<Integer> mode, Optional<String> user,
        Optional<String> group) {
    private static final String DIRECTORY_TYPES = "dDvqQ";

    /**
     * The directory entries of {@code file}; lines using specifiers are skipped because the
     * paths packages put there are literal (the specifiers are for user-level entries).
     */
    static List<TmpfilesEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tmpfiles.d file " + file, e);
        }
        List<TmpfilesEntry> entries = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.strip().split("\\s+");
            if (f.length < 2 || f[0].startsWith("#") || f[1].contains("%")
                    || DIRECTORY_TYPES.indexOf(f[0].charAt(0)) < 0 || !f[1].startsWith("/")) {
                continue;
            }
            entries.add(new TmpfilesEntry(line.strip(), Path.of(f[1]),
                    field(f, 2).map(m -> Integer.parseInt(m.replaceAll("^[~:]+", ""), 8)),
                    field(f, 3), field(f, 4)));
        }
        return entries;
    }

    private static Optional<String> field(String[] fields, int index) {
        return index < fields.length && !fields[index].equals("-") ? Optional.of(fields[index]) : Optional.empty();
    }
}
