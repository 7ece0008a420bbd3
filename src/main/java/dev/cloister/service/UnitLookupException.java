package dev.cloister.service;

import java.util.List;

/** A requested unit cannot be used: it does not exist or is masked. */
public sealed class UnitLookupException extends RuntimeException permits UnitNotFoundException,
        UnitMaskedException {
    private static final long serialVersionUID = 1L;
    private final String unit;

    UnitLookupException(String unit, String message) {
        super(message);
        this.unit = unit;
    }

    public String unit() {
        return unit;
    }

    static String joinAlternatives(List<String> names) {
        if (names.size() == 1) {
            return names.getFirst();
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.getLast();
    }
}
