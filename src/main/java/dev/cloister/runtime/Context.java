package dev.cloister.runtime;

import dev.cloister.cgroup.CgroupDriver;
import dev.cloister.os.Helper;
import dev.cloister.os.HelperProgram;
import dev.cloister.plan.HostLayout;
import dev.cloister.plan.SandboxPlanner;
import dev.cloister.security.UidRanges;
import dev.cloister.service.CommandRunner;
import dev.cloister.service.ServicePlanner;
import dev.cloister.service.ServiceLayout;
import dev.cloister.service.ServiceRequest;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.CloisterPaths;
import dev.cloister.store.Store;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;

/**
 * What every operation needs: the store, the host it runs on, the planner, the C helper and the
 * host's uid-range registry. Built once per command; tests build one with a fake helper.
 */
public record Context(Store store, Path hostRoot, SandboxPlanner planner, CgroupDriver cgroups, Helper helper,
                      UidRanges uidRanges) {

    public static Context forHost() {
        CgroupDriver cgroups = CgroupDriver.forHost();
        Path hostRoot = Path.of("/");
        Store store = new Store(CloisterPaths.fromEnvironment());
        SandboxNetworks networks = new SandboxNetworks(store);
        ServicePlanner services = ServicePlanner.forHost(hostRoot, CommandRunner.system());
        // One command may plan the same sandbox twice (create seeds the tree, then compiles the
        // plan): the service layout reads the package database and many files, so it is kept.
        // Concurrent: create compiles the plan while another thread builds the tree.
        Map<SandboxConfig, ServiceLayout> layouts = new ConcurrentHashMap<>();
        return new Context(store, hostRoot,
                new SandboxPlanner(HostLayout.probe(hostRoot), cgroups, config -> layouts.computeIfAbsent(config,
                        c -> services.plan(new ServiceRequest(c.name(), c.units(), c.packages(), c.copy()))),
                        networks::plan, HostSelinux.forHost(hostRoot)), cgroups,
                new HelperProgram(HelperBinary.locate()), UidRanges.forHost());
    }
}
