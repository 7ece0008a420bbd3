package dev.cloister.service;

import java.util.List;

/**
 * The planner's answer, printed by {@code cloister inspect}. Paths not listed are the runtime's
 * base (the host's /usr read-only, a fresh /run and /tmp); every path listed says why.
 *
 * @param privatePaths sorted; no path below a copied one
 * @param sharedPaths  sorted; read-only
 * @param secrets      host-private files the sandbox would see there, and what it gets instead
 * @param enabledUnits what the sandbox's systemd enables: the requested units, then journald
 * @param dropIns      drop-ins cloister adds, each for a stated reason
 * @param units        the resolved units, as loaded
 * @param notes        things the administrator should know (dependencies left out, paths that will be missing)
 */
public record ServiceLayout(String sandbox, boolean copy, List<PrivatePath> privatePaths,
        List<SharedPath> sharedPaths, List<SandboxSecret> secrets, List<String> enabledUnits, List<DropIn> dropIns, List<UnitFile> units,
        List<String> notes) {

    public ServiceLayout {
        privatePaths = List.copyOf(privatePaths);
        sharedPaths = List.copyOf(sharedPaths);
        secrets = List.copyOf(secrets);
        enabledUnits = List.copyOf(enabledUnits);
        dropIns = List.copyOf(dropIns);
        units = List.copyOf(units);
        notes = List.copyOf(notes);
    }
}
