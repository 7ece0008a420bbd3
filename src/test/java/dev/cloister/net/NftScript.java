package dev.cloister.net;

import dev.cloister.op.NetOp.NftLine;

import java.util.List;

/** A table's nft-line ops as the helper hands them to {@code nft -f -} (native/nft.c, nft_load). */
final class NftScript {
    private NftScript() {
    }

    static String table(String family, String table, List<NftLine> lines) {
        StringBuilder body = new StringBuilder();
        lines.forEach(l -> body.append(l.text()).append('\n'));
        return "add table " + family + " " + table + "\ndelete table " + family + " " + table + "\ntable " + family
                + " " + table + " {\n" + body + "}\n";
    }
}
