package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A unit as systemd would load it: the main file and its drop-ins merged in order. Paths are
 * host-absolute ("/usr/lib/systemd/system/apache2.service"), whatever root they were read from.
 *
 * @param name       the canonical name (the alias target, the instantiated template)
 * @param path       the file the unit was loaded from (the template file for an instance)
 * @param dropIns    the drop-ins applied, in the order applied
 * @param entries    every assignment, main file first
 * @param specifiers the resolver for this unit inside its sandbox
 */
public record UnitFile(UnitName name, Path path, List<Path> dropIns, List<UnitEntry> entries,
        Specifiers specifiers) {

    public UnitFile {
        dropIns = List.copyOf(dropIns);
        entries = List.copyOf(entries);
    }

    /**
     * The values of a list setting, in order; an empty assignment resets the list. Several keys
     * are read as one list, for settings with an old name (ReadWriteDirectories= is ReadWritePaths=).
     */
    public List<String> values(String section, String... keys) {
        List<String> keyList = Arrays.asList(keys);
        List<String> values = new ArrayList<>();
        for (UnitEntry entry : entries) {
            if (entry.section().equals(section) && keyList.contains(entry.key())) {
                if (entry.value().isEmpty()) {
                    values.clear();
                } else {
                    values.add(entry.value());
                }
            }
        }
        return List.copyOf(values);
    }

    /** A single-valued setting: the last assignment wins. */
    public Optional<String> value(String section, String key) {
        List<String> values = values(section, key);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    /** A whitespace-separated list setting (StateDirectory=a b), split into words, quotes removed. */
    public List<String> words(String section, String... keys) {
        return values(section, keys).stream().flatMap(v -> Words.split(v).stream()).toList();
    }

    public boolean hasSection(String section) {
        return entries.stream().anyMatch(e -> e.section().equals(section));
    }

    public String resolve(String value) {
        return specifiers.resolve(value);
    }

    /** {@link #resolve}, empty where the value needs what cannot be known yet (%b, %m). */
    public Optional<String> tryResolve(String value) {
        try {
            return Optional.of(specifiers.resolve(value));
        } catch (Specifiers.UnresolvableException e) {
            return Optional.empty();
        }
    }
}
