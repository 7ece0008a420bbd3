package dev.cloister.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads statistics files from the first of a sandbox's cgroup directories that has them. */
final class StatReader {
    private final List<Path> dirs;

    StatReader(List<Path> dirs) {
        this.dirs = List.copyOf(dirs);
    }

    /** A file holding one number; "max" (no limit) is empty. */
    OptionalLong number(String file) {
        return text(file).map(t -> t.strip().equals("max") ? OptionalLong.empty()
                : OptionalLong.of(parse(file, t.strip()))).orElse(OptionalLong.empty());
    }

    /** The value of KEY in a flat keyed file ("KEY VALUE" lines: cpu.stat, memory.events, memory.oom_control). */
    OptionalLong keyed(String file, String key) {
        return text(file).flatMap(t -> t.lines()
                .map(l -> l.split(" "))
                .filter(f -> f.length == 2 && f[0].equals(key))
                .findFirst()
                .map(f -> parse(file, f[1])))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /** The sum over devices of KEY in a nested keyed file (v2 io.stat: "MAJ:MIN rbytes=N wbytes=N …"). */
    OptionalLong sumNested(String file, String key) {
        return text(file).map(t -> OptionalLong.of(t.lines()
                .flatMap(l -> List.of(l.split(" ")).stream().skip(1))
                .filter(kv -> kv.startsWith(key + "="))
                .mapToLong(kv -> parse(file, kv.substring(key.length() + 1)))
                .sum())).orElse(OptionalLong.empty());
    }

    /** The sum over devices of OP in a v1 blkio file ("MAJ:MIN OP N" lines, then "Total N"). */
    OptionalLong sumBlkio(String file, String op) {
        return text(file).map(t -> OptionalLong.of(t.lines()
                .map(l -> l.split(" "))
                .filter(f -> f.length == 3 && f[1].equals(op))
                .mapToLong(f -> parse(file, f[2]))
                .sum())).orElse(OptionalLong.empty());
    }

    /** The first of FILES that any directory has, or FILES' last one (whose absence then yields empty stats). */
    String firstPresent(String... files) {
        for (String f : files) {
            if (find(f).isPresent()) {
                return f;
            }
        }
        return files[files.length - 1];
    }

    private Optional<String> text(String file) {
        Optional<Path> path = find(file);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(path.get()));
        } catch (NoSuchFileException e) {
            return Optional.empty(); // the cgroup went away between the check and the read
        } catch (IOException e) {
            throw new CgroupException("cannot read " + path.get() + ": " + e.getMessage(), e);
        }
    }

    private Optional<Path> find(String file) {
        return dirs.stream().map(d -> d.resolve(file)).filter(Files::isRegularFile).findFirst();
    }

    private static long parse(String file, String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            throw new CgroupException("unexpected value '" + number + "' in " + file + " of the sandbox's cgroup", e);
        }
    }
}
