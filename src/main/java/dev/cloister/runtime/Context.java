package dev.cloister.runtime;

import dev.cloister.cgroup.CgroupDriver;
import dev.cloister.plan.HostLayout;
import dev.cloister.plan.SandboxPlanner;
import dev.cloister.service.CommandRunner;
import dev.cloister.service.ServicePlanner;
import dev.cloister.service.ServiceRequest;
import dev.cloister.store.CloisterPaths;
import dev.cloister.store.Store;

import java.nio.file.Path;

/**
 * What every operation needs: the store, the host it runs on, the planner, and where the C
 * helper is. Built once per command.
 */
public record Context(Store store, Path hostRoot, SandboxPlanner planner, CgroupDriver cgroups, Path helper) {

    public static Context forHost() {
        CgroupDriver cgroups = CgroupDriver.forHost();
        Path hostRoot = Path.of("/");
        Store store = new Store(CloisterPaths.fromEnvironment());
        SandboxNetworks networks = new SandboxNetworks(store);
        return new Context(store, hostRoot,
                new SandboxPlanner(HostLayout.probe(hostRoot), cgroups, config -> ServicePlanner.forHost(hostRoot,
                        CommandRunner.system()).plan(new ServiceRequest(config.name(), config.units(), config.packages(),
                        config.copy())), networks::plan, HostSelinux.forHost(hostRoot)), cgroups, HelperBinary.locate());
    }
}
