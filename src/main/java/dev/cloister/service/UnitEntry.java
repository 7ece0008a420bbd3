package dev.cloister.service;

import java.nio.file.Path;

/** One {@code Key=Value} assignment, remembering the file it came from so inspect can cite it. */
public record UnitEntry(String section, String key, String value, Path source) {
}
