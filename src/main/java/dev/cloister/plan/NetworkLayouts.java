package dev.cloister.plan;

import dev.cloister.net.NetworkPlan;
import dev.cloister.spec.SandboxConfig;

/** Where the planner gets a sandbox's network ops: its leases on a real host, a fixture in tests. */
@FunctionalInterface
public interface NetworkLayouts {
    NetworkPlan plan(SandboxConfig config);
}
