package dev.cloister.plan;

import dev.cloister.op.CgroupOp;

import java.util.List;

/**
 * The cgroup ops of a plan and the driver they come from.
 *
 * @param driverWhy which cgroup driver the host gets and why (inspect shows it; the plan carries it as a comment)
 * @param ops       the driver's ops, with their reasons
 */
public record CgroupPlan(String driverWhy, List<CgroupOp> ops) {
    public CgroupPlan {
        ops = List.copyOf(ops);
    }
}
