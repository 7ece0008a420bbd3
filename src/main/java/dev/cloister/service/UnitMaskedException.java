package dev.cloister.service;

import java.nio.file.Path;

/** The unit is masked on the host (a link to /dev/null or an empty file). */
public final class UnitMaskedException extends UnitLookupException {
    private static final long serialVersionUID = 1L;

    UnitMaskedException(String unit, Path file) {
        super(unit, "unit " + unit + " is masked (" + file + "); unmask it with 'systemctl unmask " + unit
                + "' first");
    }
}
