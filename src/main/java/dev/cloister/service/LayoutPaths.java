package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects placements in rule order: the first placement of a path wins (so its reason is the
 * most direct one), and a path below a copied or shared one is dropped because that already
 * carries it. Results are sorted by path.
 */
final class LayoutPaths {
    private final Map<Path, Placement> byPath = new LinkedHashMap<>();

    void add(Placement placement) {
        byPath.putIfAbsent(placement.path(), placement);
    }

    List<PrivatePath> privatePaths() {
        return kept().stream().filter(PrivatePath.class::isInstance).map(PrivatePath.class::cast).toList();
    }

    List<SharedPath> sharedPaths() {
        return kept().stream().filter(SharedPath.class::isInstance).map(SharedPath.class::cast).toList();
    }

    private List<Placement> kept() {
        List<Placement> kept = new ArrayList<>();
        for (Placement placement : byPath.values()) {
            boolean covered = byPath.values().stream().anyMatch(other -> other.coversSubtree()
                    && !other.path().equals(placement.path()) && placement.path().startsWith(other.path()));
            if (!covered) {
                kept.add(placement);
            }
        }
        kept.sort(Comparator.comparing(Placement::path));
        return kept;
    }
}
