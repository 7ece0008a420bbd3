package dev.cloister.cli;

import dev.cloister.spec.KernelAccess;
import dev.cloister.spec.Quantities;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** create's options for what of the kernel a sandbox may use ([Kernel] in its config). */
final class KernelOptions {
    private KernelOptions() {
    }

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.typed(Integer.class, "N", "user namespaces root inside may create (default: 0 for a "
                + "generic sandbox, " + KernelAccess.SERVICE_NESTED_USERNS + " for a service sandbox)", "--nested-userns"));
        spec.addOption(Specs.flag("open nf_tables (netlink NETFILTER) inside (default: closed)", "--allow-nftables"));
        spec.addOption(Specs.typed(Integer.class, "N", "size of the sandbox's pty pool (default "
                + KernelAccess.DEFAULT_PTYS + ")", "--ptys"));
        spec.addOption(Specs.value("SIZE", "console log size before it is rotated (default 8M; one old log is kept)",
                "--console-log-size"));
    }

    static KernelAccess from(ParseResult parsed) {
        KernelAccess k = KernelAccess.DEFAULT;
        Integer nested = parsed.matchedOptionValue("--nested-userns", null);
        if (nested != null) {
            k = k.withNestedUserNamespaces(nested);
        }
        if (parsed.matchedOptionValue("--allow-nftables", false)) {
            k = k.withNftables(true);
        }
        Integer ptys = parsed.matchedOptionValue("--ptys", null);
        if (ptys != null) {
            k = k.withPtys(ptys);
        }
        String log = parsed.matchedOptionValue("--console-log-size", null);
        if (log != null) {
            k = k.withConsoleLogBytes(Quantities.parseSize(log));
        }
        return k;
    }
}
