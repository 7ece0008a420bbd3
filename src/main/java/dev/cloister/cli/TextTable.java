package dev.cloister.cli;

/**
 * Left-aligned columns of minimum widths, the last one unpadded: what {@code printf("%-20s …")}
 * prints, without java.util.Formatter (a cold Formatter costs a list of 50 rows ~15 ms).
 */
final class TextTable {
    private final int[] widths;
    private final StringBuilder out = new StringBuilder();

    /** {@code widths} of every column but the last. */
    TextTable(int... widths) {
        this.widths = widths;
    }

    TextTable row(Object... cells) {
        for (int i = 0; i < cells.length; i++) {
            String cell = String.valueOf(cells[i]);
            out.append(cell);
            if (i < widths.length) {
                out.repeat(' ', Math.max(1, widths[i] + 1 - cell.length()));
            }
        }
        out.append('\n');
        return this;
    }

    void print() {
        System.out.print(out);
    }
}
