package dev.cloister.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Near names for an unknown unit: first the units of installed packages that provide the name
 * as a virtual package (Debian's apache2 Provides: httpd), then unit files whose names contain,
 * are contained in, or are a few edits away from the requested one.
 */
final class UnitSuggestions {
    private static final int MAX = 3;

    private final UnitLocator locator;
    private final PackageDatabase packages;

    UnitSuggestions(UnitLocator locator, PackageDatabase packages) {
        this.locator = locator;
        this.packages = packages;
    }

    List<String> near(String unit) {
        UnitName wanted = UnitName.parse(unit);
        Set<String> found = new LinkedHashSet<>();
        for (String provider : packages.providers(wanted.prefix())) {
            found.addAll(unitsOf(provider, wanted.type()));
        }
        record Scored(String name, int distance) {
        }
        List<Scored> similar = new ArrayList<>();
        for (String candidate : locator.allUnitNames()) {
            parse(candidate).filter(c -> c.type().equals(wanted.type()) && !c.isTemplate()
                    && !c.fullName().equals(wanted.fullName())).ifPresent(c -> {
                        int distance = distance(wanted.stem(), c.stem());
                        boolean related = wanted.prefix().length() >= 3 && c.prefix().length() >= 3
                                && (c.prefix().contains(wanted.prefix()) || wanted.prefix().contains(c.prefix()));
                        if (related || distance <= Math.max(1, wanted.stem().length() / 3)) {
                            similar.add(new Scored(c.fullName(), distance));
                        }
                    });
        }
        similar.stream().sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .map(Scored::name).forEach(found::add);
        return found.stream().limit(MAX).toList();
    }

    /** The package's unit named after it if there is one, otherwise the plain units it ships. */
    private List<String> unitsOf(String pkg, String type) {
        String named = pkg + "." + type;
        if (locator.exists(named)) {
            return List.of(named);
        }
        return packages.filesOf(pkg).stream()
                .filter(p -> p.getParent() != null && p.getParent().endsWith("systemd/system"))
                .map(p -> p.getFileName().toString())
                .flatMap(n -> parse(n).stream())
                .filter(n -> n.type().equals(type) && n.instance().isEmpty())
                .map(UnitName::fullName).distinct().toList();
    }

    private static Optional<UnitName> parse(String fileName) {
        try {
            return Optional.of(UnitName.parse(fileName));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
