package dev.cloister.service;

import java.util.List;

/** No unit file of that name in the lookup directories; the message suggests near names. */
public final class UnitNotFoundException extends UnitLookupException {
    private static final long serialVersionUID = 1L;
    private final String[] suggestions;

    UnitNotFoundException(String unit, List<String> searched, List<String> suggestions) {
        super(unit, "unit " + unit + " not found in " + String.join(", ", searched)
                + (suggestions.isEmpty() ? "; check the name with 'systemctl list-unit-files' or install its package"
                        : "; did you mean " + joinAlternatives(suggestions) + "?"));
        this.suggestions = suggestions.toArray(String[]::new);
    }

    public List<String> suggestions() {
        return List.of(suggestions);
    }
}
