package dev.cloister.spec;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Resource limits of a sandbox (storage is the size of the tree's ext4 image; the rest are cgroup limits). Every field is optional: an empty one means "no limit set by
 * cloister" (the parent cgroup's limit still applies). CPU bandwidth is kept in milli-CPUs so
 * that "1.5" is exact.
 */
public record Limits(
        OptionalLong memoryBytes,
        OptionalLong cpuMillis,
        OptionalInt cpuWeight,
        OptionalLong pidsLimit,
        OptionalInt ioWeight,
        OptionalLong storageBytes) {

    public static final Limits NONE = new Limits(
            OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(),
            OptionalLong.empty(), OptionalInt.empty(), OptionalLong.empty());

    public static final long MIN_MEMORY_BYTES = 4L << 20;
    public static final long MIN_STORAGE_BYTES = 1L << 20;
    public static final long MAX_CPU_MILLIS = 1024_000L;
    public static final int MIN_WEIGHT = 1;
    public static final int MAX_WEIGHT = 10_000;

    public Limits {
        memoryBytes.ifPresent(m -> require(m >= MIN_MEMORY_BYTES,
                "memory limit " + m + " bytes is below the 4M minimum a sandbox needs"));
        cpuMillis.ifPresent(c -> require(c >= 10 && c <= MAX_CPU_MILLIS,
                "cpus must be between 0.01 and 1024"));
        cpuWeight.ifPresent(w -> require(w >= MIN_WEIGHT && w <= MAX_WEIGHT,
                "cpu-weight must be between 1 and 10000"));
        pidsLimit.ifPresent(p -> require(p >= 1, "pids-limit must be at least 1"));
        storageBytes.ifPresent(b -> require(b >= MIN_STORAGE_BYTES,
                "storage limit " + b + " bytes is below the 1M minimum"));
        ioWeight.ifPresent(w -> require(w >= MIN_WEIGHT && w <= MAX_WEIGHT,
                "io-weight must be between 1 and 10000"));
    }

    /** This set's values of the limits {@code keys} sets (those this set has): what to put back after a failed change. */
    public Limits valuesOf(Limits keys) {
        return new Limits(
                keys.memoryBytes.isPresent() ? memoryBytes : OptionalLong.empty(),
                keys.cpuMillis.isPresent() ? cpuMillis : OptionalLong.empty(),
                keys.cpuWeight.isPresent() ? cpuWeight : OptionalInt.empty(),
                keys.pidsLimit.isPresent() ? pidsLimit : OptionalLong.empty(),
                keys.ioWeight.isPresent() ? ioWeight : OptionalInt.empty(),
                keys.storageBytes.isPresent() ? storageBytes : OptionalLong.empty());
    }

    /** This set of limits with every limit that {@code other} sets taking its place. */
    public Limits overriddenBy(Limits other) {
        return new Limits(
                other.memoryBytes.isPresent() ? other.memoryBytes : memoryBytes,
                other.cpuMillis.isPresent() ? other.cpuMillis : cpuMillis,
                other.cpuWeight.isPresent() ? other.cpuWeight : cpuWeight,
                other.pidsLimit.isPresent() ? other.pidsLimit : pidsLimit,
                other.ioWeight.isPresent() ? other.ioWeight : ioWeight,
                other.storageBytes.isPresent() ? other.storageBytes : storageBytes);
    }

    // Single-field setters, so that a config reader can validate each value where it was written.

    public Limits withMemoryBytes(long bytes) {
        return new Limits(OptionalLong.of(bytes), cpuMillis, cpuWeight, pidsLimit, ioWeight, storageBytes);
    }

    public Limits withCpuMillis(long millis) {
        return new Limits(memoryBytes, OptionalLong.of(millis), cpuWeight, pidsLimit, ioWeight, storageBytes);
    }

    public Limits withCpuWeight(int weight) {
        return new Limits(memoryBytes, cpuMillis, OptionalInt.of(weight), pidsLimit, ioWeight, storageBytes);
    }

    public Limits withPidsLimit(long pids) {
        return new Limits(memoryBytes, cpuMillis, cpuWeight, OptionalLong.of(pids), ioWeight, storageBytes);
    }

    public Limits withIoWeight(int weight) {
        return new Limits(memoryBytes, cpuMillis, cpuWeight, pidsLimit, OptionalInt.of(weight), storageBytes);
    }

    public Limits withStorageBytes(long bytes) {
        return new Limits(memoryBytes, cpuMillis, cpuWeight, pidsLimit, ioWeight, OptionalLong.of(bytes));
    }

    public boolean isEmpty() {
        // Field by field: a record's equals() links its ObjectMethods call site on first use (~5 ms cold).
        return memoryBytes.isEmpty() && cpuMillis.isEmpty() && cpuWeight.isEmpty() && pidsLimit.isEmpty()
                && ioWeight.isEmpty() && storageBytes.isEmpty();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
