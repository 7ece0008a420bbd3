package dev.cloister.service;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Without -C a unit's ReadWritePaths= may name configuration that the sandbox shares read-only.
 * systemd cannot make a read-only mount made outside the sandbox's user namespace writable and
 * would fail the unit (226/NAMESPACE), so a drop-in takes such entries out of the list.
 */
final class ReadOnlyDropIns {
    static final String FILE_NAME = "50-cloister-read-only.conf";

    private ReadOnlyDropIns() {
    }

    static List<DropIn> dropIns(List<UnitFile> units, List<SharedPath> shared, List<String> notes) {
        List<DropIn> dropIns = new ArrayList<>();
        for (UnitFile unit : units) {
            List<String> kept = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (String word : unit.words(UnitDirectives.SERVICE, UnitDirectives.READ_WRITE)) {
                boolean readOnly = unit.tryResolve(word.replaceFirst("^[-+]+", "")).map(Path::of)
                        .map(PathRules::canonical).filter(p -> shared.stream().anyMatch(s -> p.startsWith(s.path())))
                        .isPresent();
                (readOnly ? removed : kept).add(word);
            }
            if (removed.isEmpty()) {
                continue;
            }
            String entries = String.join(" ", removed);
            StringBuilder content = new StringBuilder()
                    .append("# Added by cloister: ").append(entries).append(" is shared read-only from the host\n")
                    .append("# in this sandbox (created without -C). systemd cannot make it writable here and\n")
                    .append("# would fail the unit, so it is left out; recreate the sandbox with -C to allow writes.\n")
                    .append("[Service]\nReadWritePaths=\n");
            if (!kept.isEmpty()) {
                content.append("ReadWritePaths=").append(String.join(" ", kept)).append('\n');
            }
            dropIns.add(new DropIn(unit.name().fullName(), FILE_NAME, content.toString()));
            notes.add(unit.name() + " may write to " + entries + ", which is read-only without -C; writes there will fail");
        }
        return dropIns;
    }
}
