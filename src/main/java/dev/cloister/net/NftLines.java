package dev.cloister.net;

import dev.cloister.op.NetOp.NftLine;

import java.util.ArrayList;
import java.util.List;

/** Collects the lines of one nftables table's body, each with its reason: chains open, take rules, close. */
final class NftLines {
    private final String table;
    private final List<NftLine> lines = new ArrayList<>();
    private String chain = "";

    NftLines(String table) {
        this.table = table;
    }

    /** Opens chain NAME with its HEAD (type, hook, priority, policy), closing the chain before it. */
    NftLines chain(String name, String head, String why) {
        close();
        chain = name;
        lines.add(new NftLine(table, "chain " + name + " { " + head, why));
        return this;
    }

    NftLines rule(String rule, String why) {
        lines.add(new NftLine(table, rule, why));
        return this;
    }

    List<NftLine> done() {
        close();
        return List.copyOf(lines);
    }

    private void close() {
        if (!chain.isEmpty()) {
            lines.add(new NftLine(table, "}", "end of chain " + chain));
            chain = "";
        }
    }
}
