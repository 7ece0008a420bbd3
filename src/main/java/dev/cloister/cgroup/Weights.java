package dev.cloister.cgroup;

/** Unit conversions from cloister's limits (cgroup-v2 units) to what the control files take. */
final class Weights {
    static final long CPU_PERIOD_MICROS = 100_000;

    private Weights() {
    }

    /** Quota per 100 ms period: 1000 milli-CPUs are one full period. */
    static long cpuQuotaMicros(long cpuMillis) {
        return cpuMillis * CPU_PERIOD_MICROS / 1000;
    }

    /** v2 cpu.weight to v1 cpu.shares as systemd maps them: default 100 ↔ 1024, clamped to the kernel's 2..262144. */
    static long cpuShares(int weight) {
        return clamp(weight * 1024L / 100, 2, 262_144);
    }

    /** v2 io.weight to v1 blkio weight as systemd maps them: default 100 ↔ 500, clamped to 10..1000. */
    static long blkioWeight(int ioWeight) {
        return clamp(ioWeight * 500L / 100, 10, 1000);
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
