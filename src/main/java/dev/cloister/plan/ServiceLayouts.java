package dev.cloister.plan;

import dev.cloister.service.ServiceLayout;
import dev.cloister.spec.SandboxConfig;

/** Where the planner gets a service sandbox's layout: the service planner on a real host, a fixture in tests. */
@FunctionalInterface
public interface ServiceLayouts {
    ServiceLayout layout(SandboxConfig config);
}
