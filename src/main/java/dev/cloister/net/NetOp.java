package dev.cloister.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** One network op of the start plan, with the reason a human auditor reads in the "# why:" comment. */
public record NetOp(String op, List<String> fields, String why) {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public NetOp {
        fields = List.copyOf(fields);
    }

    /** "OP FIELD…", fields percent-encoded as docs/plan-format.md says (%, space, bytes < 0x21, 0x7f). */
    public String render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(op.getBytes(StandardCharsets.UTF_8));
        for (String f : fields) {
            if (f.isEmpty()) {
                throw new IllegalArgumentException("plan fields are never empty");
            }
            out.write(' ');
            for (byte b : f.getBytes(StandardCharsets.UTF_8)) {
                int v = b & 0xff;
                if (v <= 0x20 || v == 0x7f || v == '%') {
                    out.write('%');
                    out.write(HEX[v >> 4]);
                    out.write(HEX[v & 0xf]);
                } else {
                    out.write(v);   // other bytes, UTF-8 sequences included, pass through
                }
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
