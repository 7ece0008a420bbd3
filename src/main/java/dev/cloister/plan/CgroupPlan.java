package dev.cloister.plan;

import java.util.List;

/**
 * The cgroup ops of a plan and the driver they come from.
 *
 * @param driverWhy which cgroup driver the host gets and why (inspect shows it; the plan carries it as a comment)
 * @param lines     the rendered plan lines
 */
public record CgroupPlan(String driverWhy, List<String> lines) {
    public CgroupPlan {
        lines = List.copyOf(lines);
    }
}
