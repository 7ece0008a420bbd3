package dev.cloister.cli;

import dev.cloister.spec.Limits;
import dev.cloister.spec.Quantities;
import picocli.CommandLine.Option;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** The resource-limit options shared by create and update. */
final class LimitOptions {
    @Option(names = "--memory", paramLabel = "SIZE", description = "memory limit, e.g. 512M or 2G")
    String memory;

    @Option(names = "--cpus", paramLabel = "N", description = "CPU bandwidth limit in CPUs, e.g. 1.5")
    String cpus;

    @Option(names = "--cpu-weight", paramLabel = "1-10000", description = "relative CPU share (default 100)")
    Integer cpuWeight;

    @Option(names = "--pids-limit", paramLabel = "N", description = "maximum number of processes")
    Long pidsLimit;

    @Option(names = "--io-weight", paramLabel = "1-10000", description = "relative block I/O share")
    Integer ioWeight;

    @Option(names = "--storage", paramLabel = "SIZE", description = "size limit of the sandbox's tree, e.g. 10G "
            + "(a project quota: /var/lib/cloister must be on a filesystem mounted with project quotas)")
    String storage;

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
