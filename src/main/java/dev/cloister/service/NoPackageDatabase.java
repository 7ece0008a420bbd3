package dev.cloister.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A host without dpkg or rpm: plans then rest on unit directives alone. */
public record NoPackageDatabase() implements PackageDatabase {

    @Override
    public Map<Path, String> owners(List<Path> paths) {
        return Map.of();
    }

    @Override
    public List<Path> filesOf(String pkg) {
        throw new IllegalArgumentException("cannot list package " + pkg + ": the host has no dpkg or rpm database");
    }

    @Override
    public List<String> providers(String virtualName) {
        return List.of();
    }

    @Override
    public Optional<String> sourceOf(String pkg) {
        return Optional.empty();
    }

    @Override
    public String kind() {
        return "none";
    }
}
