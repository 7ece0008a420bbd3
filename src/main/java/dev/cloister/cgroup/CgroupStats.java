package dev.cloister.cgroup;

import java.util.OptionalLong;

/**
 * Resource usage of a sandbox. A field is empty when the host does not provide it (controller
 * not enabled or not mounted, older kernel) or, for limits, when there is no limit.
 */
public record CgroupStats(
        OptionalLong cpuUsageNanos,
        OptionalLong memoryCurrentBytes,
        OptionalLong memoryPeakBytes,
        OptionalLong memoryLimitBytes,
        OptionalLong oomKills,
        OptionalLong pidsCurrent,
        OptionalLong pidsLimit,
        OptionalLong ioReadBytes,
        OptionalLong ioWriteBytes) {
}
