package dev.cloister.spec;

import java.util.HashSet;
import java.util.Set;

/**
 * Writes a {@link SandboxConfig} in canonical form. It checks every value the records leave unchecked, with the
 * reader's own rules, so that whatever it writes reads back as the same config.
 */
final class ConfigWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean inSection;

    private ConfigWriter() {
    }

    static String render(SandboxConfig c) {
        ConfigWriter w = new ConfigWriter();
        w.line("# Cloister sandbox \"" + c.name() + "\". Edit, then run: cloister upgrade " + c.name());
        w.section(ConfigSection.SANDBOX);
        w.entry(ConfigKey.NAME, c.name());
        w.entry(ConfigKey.LEVEL, c.level().toString());
        c.selinuxLabel().ifPresent(label -> w.entry(ConfigKey.LABEL, ConfigValues.label(label)));
        w.entry(ConfigKey.UID_BASE, Long.toString(c.uidBase()));

        if (c.isService()) {
            w.section(ConfigSection.SERVICE);
            c.units().forEach(unit -> w.entry(ConfigKey.UNIT, ConfigValues.unit(unit)));
        } else {
            w.section(ConfigSection.COMMAND);
            w.entry(ConfigKey.EXEC, CommandLineQuoting.join(c.command()));
        }
        c.packages().forEach(p -> w.entry(ConfigKey.PACKAGE, ConfigValues.packageName(p)));
        w.entry(ConfigKey.COPY, c.copy() ? "yes" : "no");

        Limits limits = c.limits();
        if (!limits.isEmpty()) {
            w.section(ConfigSection.LIMITS);
            limits.memoryBytes().ifPresent(m -> w.entry(ConfigKey.MEMORY, Quantities.formatSize(m)));
            limits.cpuMillis().ifPresent(m -> w.entry(ConfigKey.CPUS, Quantities.formatCpuMillis(m)));
            limits.cpuWeight().ifPresent(v -> w.entry(ConfigKey.CPU_WEIGHT, Integer.toString(v)));
            limits.pidsLimit().ifPresent(v -> w.entry(ConfigKey.PIDS_LIMIT, Long.toString(v)));
            limits.ioWeight().ifPresent(v -> w.entry(ConfigKey.IO_WEIGHT, Integer.toString(v)));
            limits.storageBytes().ifPresent(v -> w.entry(ConfigKey.STORAGE, Quantities.formatSize(v)));
        }
        if (!c.mounts().isEmpty()) {
            w.section(ConfigSection.MOUNT);
            Set<String> targets = new HashSet<>();
            for (MountRequest mount : c.mounts()) {
                if (!targets.add(mount.target())) {
                    throw new IllegalArgumentException("two mounts at " + mount.target()
                            + " — keep one mount per sandbox path");
                }
                w.entry(mount instanceof MountRequest.Ram ? ConfigKey.RAM : ConfigKey.HOST_BIND,
                        ConfigValues.mountValue(mount));
            }
        }
        if (!c.networks().isEmpty() || !c.publish().isEmpty()) {
            w.section(ConfigSection.NETWORK);
            c.networks().forEach(n -> w.entry(ConfigKey.NETWORK_SPEC, ConfigValues.lineText(n)));
            c.publish().forEach(p -> w.entry(ConfigKey.PUBLISH, ConfigValues.publish(p)));
        }
        KernelAccess kernel = c.kernel();
        if (!kernel.isDefault()) {
            w.section(ConfigSection.KERNEL);
            kernel.nestedUserNamespaces().ifPresent(n -> w.entry(ConfigKey.NESTED_USERNS, Integer.toString(n)));
            if (kernel.nftables()) {
                w.entry(ConfigKey.NFTABLES, "yes");
            }
            kernel.ptys().ifPresent(n -> w.entry(ConfigKey.PTYS, Integer.toString(n)));
            kernel.consoleLogBytes().ifPresent(b -> w.entry(ConfigKey.CONSOLE_LOG, Quantities.formatSize(b)));
        }
        SystemdSettings systemd = c.systemd();
        if (!systemd.isDefault()) {
            w.section(ConfigSection.SYSTEMD);
            systemd.slice().ifPresent(s -> w.entry(ConfigKey.SLICE, s));
            systemd.restart().ifPresent(r -> w.entry(ConfigKey.RESTART, r));
        }
        if (Utf8.length(w.out) > ConfigFile.MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the config would be larger than 1 MiB once written — "
                    + "remove entries or shorten values");
        }
        return w.out.toString();
    }

    private void section(ConfigSection section) {
        if (inSection) {
            out.append('\n'); // a blank line between sections
        }
        inSection = true;
        line(section.header());
    }

    private void entry(ConfigKey key, String value) {
        line(key.entry(value));
    }

    private void line(String line) {
        if (Utf8.length(line) > ConfigFile.MAX_LINE_BYTES) {
            throw new IllegalArgumentException("the line " + line.substring(0, line.indexOf('=') + 1)
                    + "… would be longer than 64 KiB — shorten the value");
        }
        out.append(line).append('\n');
    }
}
