package dev.cloister.op;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one encoder of the plan's text (docs/plan-format.md, "Lexical format"): each op as its {@code # why:} comment and
 * its line, fields separated by one space, odd bytes percent-encoded.
 */
public final class PlanText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PlanText() {
    }

    public static String encode(String field) {
        if (field.isEmpty()) {
            throw new IllegalArgumentException("plan fields are never empty");
        }
        return field.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '%') ? field : encodeBytes(field);
    }

    private static String encodeBytes(String field) {
        byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 8);
        int i = 0;
        while (i < bytes.length) {
            int v = bytes[i] & 0xff;
            if (v <= 0x20 || v == 0x7f || v == '%') {
                out.append('%').append(HEX[v >> 4]).append(HEX[v & 0xf]);
                i++;
            } else if (v < 0x80) {
                out.append((char) v);
                i++;
            } else {
                // Copy a whole UTF-8 sequence through unchanged.
                int start = i++;
                while (i < bytes.length && (bytes[i] & 0xc0) == 0x80) {
                    i++;
                }
                out.append(new String(bytes, start, i - start, StandardCharsets.UTF_8));
            }
        }
        return out.toString();
    }

    /** The op's line: its name and its encoded fields. */
    public static String line(Op op) {
        StringBuilder out = new StringBuilder(op.name());
        for (String field : op.fields()) {
            out.append(' ').append(encode(field));
        }
        return out.toString();
    }

    /** Each op as two lines: why the plan has it, and the op. */
    public static String write(List<? extends Op> ops) {
        StringBuilder out = new StringBuilder(ops.size() * 96);
        for (Op op : ops) {
            if (op.why().isBlank()) {
                throw new IllegalArgumentException(op.name() + ": every op of a plan says why it is there");
            }
            out.append("# why: ").append(op.why().replace('\n', ' ')).append('\n').append(line(op)).append('\n');
        }
        return out.toString();
    }
}
