package dev.cloister.cli;

import dev.cloister.json.Json;
import dev.cloister.runtime.Context;
import dev.cloister.runtime.PlanCompiler;
import dev.cloister.runtime.Reports;
import dev.cloister.spec.SandboxConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "The full plan of a sandbox: namespaces, every mount and why, ids, capabilities, seccomp, Landlock, cgroup.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Override
    public Integer call() throws Exception {
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
            appendValue(out, e.getValue(), indent);
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
