package dev.cloister.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the lines of one config file into a {@link SandboxConfig}, reporting the first problem with the line it is
 * on. One instance reads one file.
 */
final class ConfigReader {
    private final String file;
    private final Map<ConfigSection, Integer> sectionLines = new EnumMap<>(ConfigSection.class);
    private final Map<ConfigKey, Integer> keyLines = new EnumMap<>(ConfigKey.class);
    private final Map<String, Integer> mountLines = new HashMap<>();

    private String name;
    private SecurityLevel level;
    private Optional<String> label = Optional.empty();
    private long uidBase;
    private List<String> command = List.of();
    private final List<String> units = new ArrayList<>();
    private final List<String> packages = new ArrayList<>();
    private boolean copy;
    private Limits limits = Limits.NONE;
    private KernelAccess kernel = KernelAccess.DEFAULT;
    private SystemdSettings systemd = SystemdSettings.DEFAULT;
    private final List<MountRequest> mounts = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private final List<String> publish = new ArrayList<>();

    private ConfigReader(String file) {
        this.file = file;
    }

    static SandboxConfig read(String text, String file) {
        return new ConfigReader(file).read(ConfigLexer.lex(text, file));
    }

    private SandboxConfig read(List<ConfigLine> lines) {
        ConfigSection section = null;
        for (ConfigLine line : lines) {
            switch (line) {
                case ConfigLine.Header h -> section = enter(h);
                case ConfigLine.Entry e -> apply(section, e);
            }
        }
        return finish();
    }

    private ConfigSection enter(ConfigLine.Header header) {
        ConfigSection section = ConfigSection.named(header.title()).orElseThrow(() -> unknownSection(header));
        Integer previous = sectionLines.putIfAbsent(section, header.number());
        if (previous != null) {
            throw error(header.number(), section.header() + " appears a second time (first at line " + previous
                    + ") — merge the two sections");
        }
        ConfigSection other = section == ConfigSection.SERVICE ? ConfigSection.COMMAND
                : section == ConfigSection.COMMAND ? ConfigSection.SERVICE : null;
        if (other != null && sectionLines.containsKey(other)) {
            throw error(header.number(), section.header() + " and " + other.header() + " (line "
                    + sectionLines.get(other) + ") exclude each other — keep [Service] for a service sandbox "
                    + "or [Command] for a generic one");
        }
        return section;
    }

    private ConfigException unknownSection(ConfigLine.Header header) {
        List<ConfigSection> all = Arrays.asList(ConfigSection.values());
        String hint = Suggestions.nearest(header.title(), all.stream().map(s -> s.title).toList())
                .map(s -> "did you mean [" + s + "]?")
                .orElse("the sections are " + all.stream().map(ConfigSection::header)
                        .collect(Collectors.joining(", ")));
        return error(header.number(), "unknown section [" + header.title() + "] — " + hint);
    }

    private void apply(ConfigSection section, ConfigLine.Entry e) {
        if (section == null) {
            throw error(e.number(), e.key() + "= comes before any section header — move it under its section, "
                    + "e.g. [Sandbox]");
        }
        ConfigKey key = ConfigKey.find(section, e.key()).orElseThrow(() -> unknownKey(section, e));
        Integer previous = keyLines.putIfAbsent(key, e.number());
        if (previous != null && !key.repeatable) {
            throw error(e.number(), key.title + "= is already set at line " + previous + " — keep only one");
        }
        if (e.value().isEmpty()) {
            throw error(e.number(), key.title + "= has no value — " + key.advice);
        }
        switch (key) {
            case NAME -> name = matchingFileName(e, value(e, key, Names::requireValid));
            case LEVEL -> level = value(e, key, SecurityLevel::parse);
            case LABEL -> label = Optional.of(value(e, key, ConfigValues::label));
            case UID_BASE -> uidBase = value(e, key,
                    v -> SandboxConfig.requireValidUidBase(ConfigValues.wholeNumber(v)));
            case UNIT -> units.add(value(e, key, ConfigValues::unit));
            case EXEC -> command = command(e);
            case PACKAGE -> packages.add(value(e, key, ConfigValues::packageName));
            case COPY -> copy = value(e, key, ConfigValues::bool);
            case MEMORY -> limits = value(e, key, v -> limits.withMemoryBytes(Quantities.parseSize(v)));
            case CPUS -> limits = value(e, key, v -> limits.withCpuMillis(Quantities.parseCpuMillis(v)));
            case CPU_WEIGHT -> limits = value(e, key, v -> limits.withCpuWeight(ConfigValues.wholeInt(v)));
            case PIDS_LIMIT -> limits = value(e, key, v -> limits.withPidsLimit(ConfigValues.wholeNumber(v)));
            case IO_WEIGHT -> limits = value(e, key, v -> limits.withIoWeight(ConfigValues.wholeInt(v)));
            case STORAGE -> limits = value(e, key, v -> limits.withStorageBytes(Quantities.parseSize(v)));
            case HOST_BIND -> mount(e, value(e, key, ConfigValues::hostBind));
            case RAM -> mount(e, value(e, key, ConfigValues::ram));
            case NETWORK_SPEC -> networks.add(e.value()); // the network layer parses it
            case PUBLISH -> publish.add(value(e, key, ConfigValues::publish));
            case NESTED_USERNS -> kernel = value(e, key, v -> kernel.withNestedUserNamespaces(ConfigValues.wholeInt(v)));
            case NFTABLES -> kernel = value(e, key, v -> kernel.withNftables(ConfigValues.bool(v)));
            case PTYS -> kernel = value(e, key, v -> kernel.withPtys(ConfigValues.wholeInt(v)));
            case CONSOLE_LOG -> kernel = value(e, key, v -> kernel.withConsoleLogBytes(Quantities.parseSize(v)));
            case SLICE -> systemd = value(e, key, systemd::withSlice);
            case RESTART -> systemd = value(e, key, systemd::withRestart);
        }
    }

    private ConfigException unknownKey(ConfigSection section, ConfigLine.Entry e) {
        Optional<ConfigKey> elsewhere = ConfigKey.titled(e.key());
        if (elsewhere.isPresent()) {
            return error(e.number(), e.key() + "= does not belong in " + section.header() + " — move it to "
                    + elsewhere.get().sections.getFirst().header());
        }
        List<ConfigKey> valid = ConfigKey.in(section);
        String hint = Suggestions.nearest(e.key(), valid.stream().map(k -> k.title).toList())
                .map(k -> "did you mean " + k + "?")
                .or(() -> Suggestions.nearest(e.key(), Arrays.stream(ConfigKey.values()).map(k -> k.title).toList())
                        .map(k -> "did you mean " + k + " (in "
                                + ConfigKey.titled(k).orElseThrow().sections.getFirst().header() + ")?"))
                .orElse("the keys of " + section.header() + " are "
                        + valid.stream().map(k -> k.title).collect(Collectors.joining(", ")));
        return error(e.number(), "unknown key " + e.key() + " in " + section.header() + " — " + hint);
    }

    private <T> T value(ConfigLine.Entry e, ConfigKey key, Function<String, T> parser) {
        try {
            return parser.apply(e.value());
        } catch (IllegalArgumentException ex) {
            throw error(e.number(), "invalid " + key.title + "= value: " + ex.getMessage() + " — " + key.advice);
        }
    }

    private String matchingFileName(ConfigLine.Entry e, String value) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        if (base.endsWith(ConfigFile.SUFFIX) && !base.equals(value + ConfigFile.SUFFIX)) {
            throw error(e.number(), "Name=" + value + " does not match the file name " + base + " — the file of "
                    + "sandbox " + value + " must be called " + value + ConfigFile.SUFFIX
                    + "; fix Name= or rename the file");
        }
        return value;
    }

    private List<String> command(ConfigLine.Entry e) {
        List<String> words = value(e, ConfigKey.EXEC, CommandLineQuoting::split);
        if (words.isEmpty()) {
            throw error(e.number(), "Exec= has no command — " + ConfigKey.EXEC.advice);
        }
        // The canonical quoting can be longer than what was typed (a raw tab becomes \t).
        if (Utf8.length(ConfigKey.EXEC.entry(CommandLineQuoting.join(words))) > ConfigFile.MAX_LINE_BYTES) {
            throw error(e.number(), "the command is longer than 64 KiB once quoted canonically — shorten it");
        }
        return words;
    }

    private void mount(ConfigLine.Entry e, MountRequest mount) {
        Integer previous = mountLines.putIfAbsent(mount.target(), e.number());
        if (previous != null) {
            throw error(e.number(), "there is already a mount at " + mount.target() + " (line " + previous
                    + ") — keep one mount per sandbox path");
        }
        mounts.add(mount);
    }

    private SandboxConfig finish() {
        Integer sandbox = sectionLines.get(ConfigSection.SANDBOX);
        if (sandbox == null) {
            throw error(0, "there is no [Sandbox] section — add one with Name=, Level= and UidBase=");
        }
        for (ConfigKey required : List.of(ConfigKey.NAME, ConfigKey.LEVEL, ConfigKey.UID_BASE)) {
            requirePresent(required, sandbox);
        }
        if (sectionLines.containsKey(ConfigSection.SERVICE)) {
            requirePresent(ConfigKey.UNIT, sectionLines.get(ConfigSection.SERVICE));
        } else if (sectionLines.containsKey(ConfigSection.COMMAND)) {
            requirePresent(ConfigKey.EXEC, sectionLines.get(ConfigSection.COMMAND));
        } else {
            throw error(0, "there is neither a [Service] nor a [Command] section — add [Service] with Unit= lines "
                    + "for a service sandbox, or [Command] with Exec= for a generic one");
        }
        try {
            SandboxConfig config = new SandboxConfig(name, command, units, packages, copy, level, label, uidBase,
                    limits, mounts, networks, publish, kernel, systemd);
            ConfigWriter.render(config); // what cannot be written back is refused now, not at the next upgrade
            return config;
        } catch (IllegalArgumentException ex) {
            throw error(0, ex.getMessage());
        }
    }

    private void requirePresent(ConfigKey key, int sectionLine) {
        if (!keyLines.containsKey(key)) {
            throw error(sectionLine, key.sections.getFirst().header() + " has no " + key.title + "= — "
                    + key.advice);
        }
    }

    private ConfigException error(int line, String detail) {
        return new ConfigException(file, line, detail);
    }
}
