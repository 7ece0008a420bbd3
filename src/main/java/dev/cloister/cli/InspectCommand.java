package dev.cloister.cli;

import dev.cloister.json.Json;
import dev.cloister.runtime.Context;
import dev.cloister.runtime.PlanCompiler;
import dev.cloister.runtime.Reports;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.Collection;
import java.util.Map;

final class InspectCommand implements Subcommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "inspect", "The full plan of a sandbox: namespaces, every mount and "
                + "why, ids, capabilities, seccomp, Landlock, cgroup.");
        spec.addPositional(Specs.parameter(0, "NAME"));
        spec.addOption(Specs.flag("machine-readable output", "--json"));
        return spec;
    }

    @Override
    public int run(ParseResult parsed) throws Exception {
        String name = parsed.matchedPositionalValue(0, null);
        boolean json = parsed.matchedOptionValue("--json", false);
        Context context = Context.forHost();
        SandboxConfig config = context.store().load(name);
        Map<String, Object> report = Reports.inspect(config, context.store().status(name),
                new PlanCompiler(context).planReport(config));
        System.out.print(json ? Json.write(report) : text(report, ""));
        return 0;
    }

    private static String text(Map<String, Object> map, String indent) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            out.append(indent).append(e.getKey()).append(':');
            if (e.getKey().equals("ops")) {
                appendOps(out, (Collection<?>) e.getValue(), indent + "  ");
            } else {
                appendValue(out, e.getValue(), indent);
            }
        }
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void appendValue(StringBuilder out, Object value, String indent) {
        if (value instanceof Map<?, ?> m) {
            out.append('\n').append(text((Map<String, Object>) m, indent + "  "));
        } else if (value instanceof Collection<?> c) {
            out.append('\n');
            for (Object item : c) {
                if (item instanceof Map<?, ?> m) {
                    out.append(indent).append("  - ").append(oneLine((Map<String, Object>) m)).append('\n');
                } else {
                    out.append(indent).append("  - ").append(item).append('\n');
                }
            }
        } else {
            out.append(' ').append(value).append('\n');
        }
    }

    /** The plan's ops as the plan file has them: each below its reason. */
    private static void appendOps(StringBuilder out, Collection<?> ops, String indent) {
        out.append('\n');
        for (Object item : ops) {
            Map<?, ?> op = (Map<?, ?>) item;
            out.append(indent).append("# why: ").append(op.get("reason")).append('\n')
                    .append(indent).append(op.get("op")).append('\n');
        }
    }

    private static String oneLine(Map<String, Object> m) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equals("reason")) {
                continue;
            }
            s.append(s.isEmpty() ? "" : " ").append(e.getKey()).append('=').append(e.getValue());
        }
        Object reason = m.get("reason");
        return reason == null ? s.toString() : s + "  # " + reason;
    }
}
