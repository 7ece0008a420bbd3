package dev.cloister.cli;

import dev.cloister.spec.Limits;
import dev.cloister.spec.Quantities;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** The resource-limit options shared by create and update. */
record LimitOptions(String memory, String cpus, Integer cpuWeight, Long pidsLimit, Integer ioWeight, String storage) {

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.value("SIZE", "memory limit, e.g. 512M or 2G", "--memory"));
        spec.addOption(Specs.value("N", "CPU bandwidth limit in CPUs, e.g. 1.5", "--cpus"));
        spec.addOption(Specs.typed(Integer.class, "1-10000", "relative CPU share (default 100)", "--cpu-weight"));
        spec.addOption(Specs.typed(Long.class, "N", "maximum number of processes", "--pids-limit"));
        spec.addOption(Specs.typed(Integer.class, "1-10000", "relative block I/O share", "--io-weight"));
        spec.addOption(Specs.value("SIZE", "size limit of the sandbox's tree, e.g. 10G (the tree lives in an "
                + "ext4 image of that size; fixed at create)", "--storage"));
    }

    static LimitOptions from(ParseResult parsed) {
        return new LimitOptions(parsed.matchedOptionValue("--memory", null), parsed.matchedOptionValue("--cpus", null),
                parsed.matchedOptionValue("--cpu-weight", null), parsed.matchedOptionValue("--pids-limit", null),
                parsed.matchedOptionValue("--io-weight", null), parsed.matchedOptionValue("--storage", null));
    }

    Limits toLimits() {
        return new Limits(
                memory == null ? OptionalLong.empty() : OptionalLong.of(Quantities.parseSize(memory)),
                cpus == null ? OptionalLong.empty() : OptionalLong.of(Quantities.parseCpuMillis(cpus)),
                cpuWeight == null ? OptionalInt.empty() : OptionalInt.of(cpuWeight),
                pidsLimit == null ? OptionalLong.empty() : OptionalLong.of(pidsLimit),
                ioWeight == null ? OptionalInt.empty() : OptionalInt.of(ioWeight),
                storage == null ? OptionalLong.empty() : OptionalLong.of(Quantities.parseSize(storage)));
    }
}
