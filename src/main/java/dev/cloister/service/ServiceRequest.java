package dev.cloister.service;

import dev.cloister.spec.Names;
import java.util.List;

/**
 * What the administrator asked for: {@code create [-C] -u UNIT... [-P PKG...] NAME}.
 *
 * @param extraPackages packages whose files count as the service's too (-P)
 * @param copy          -C: copy the package's /etc and /var content instead of sharing / creating empty
 */
public record ServiceRequest(String sandbox, List<String> units, List<String> extraPackages, boolean copy) {

    public ServiceRequest {
        Names.requireValid(sandbox);
        units = List.copyOf(units);
        extraPackages = List.copyOf(extraPackages);
        if (units.isEmpty()) {
            throw new IllegalArgumentException("a service sandbox needs at least one unit (-u)");
        }
    }
}
