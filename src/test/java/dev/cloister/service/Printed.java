package dev.cloister.service;

/** A layout as lines, for test diagnostics. */
final class Printed {
    private Printed() {
    }

    static String of(ServiceLayout layout) {
        StringBuilder out = new StringBuilder("layout " + layout.sandbox() + (layout.copy() ? " -C" : "") + "\n");
        layout.privatePaths().forEach(p -> out.append("  private ").append(p).append('\n'));
        layout.sharedPaths().forEach(p -> out.append("  shared  ").append(p).append('\n'));
        out.append("  enabled ").append(layout.enabledUnits()).append('\n');
        layout.dropIns().forEach(d -> out.append("  drop-in ").append(d.unit()).append('/').append(d.fileName())
                .append('\n').append(d.content()));
        layout.notes().forEach(n -> out.append("  note    ").append(n).append('\n'));
        return out.toString();
    }
}
