package dev.cloister.runtime;

import dev.cloister.cgroup.CgroupDriver;
import dev.cloister.os.FakeHelper;
import dev.cloister.plan.FakeCgroup2;
import dev.cloister.plan.HostLayout;
import dev.cloister.plan.SandboxPlanner;
import dev.cloister.plan.SelinuxLabelling;
import dev.cloister.security.UidRanges;
import dev.cloister.spec.KernelAccess;
import dev.cloister.spec.Limits;
import dev.cloister.spec.MountRequest;
import dev.cloister.spec.SystemdSettings;
import dev.cloister.store.CloisterPaths;
import dev.cloister.store.Store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Context} for unit tests: a store and a uid-range registry beneath DIR, a fake cgroup
 * root, the host's layout read as it is, and the fake helper. Generic sandboxes only: a service
 * sandbox's layout comes from the host's package database.
 */
final class FakeContext {
    private FakeContext() {
    }

    /** A setup, or the operation under test, on such a context. */
    @FunctionalInterface
    interface Step {
        void run(Context context) throws Exception;
    }

    /** A context beneath DIR whose store holds what SETUP made; HELPER counts its calls from after SETUP. */
    static Context after(Step setup, Path dir, FakeHelper helper) throws Exception {
        Context context = under(dir, helper);
        setup.run(context);
        helper.clear();
        return context;
    }

    private static Context under(Path dir, FakeHelper helper) throws IOException {
        Store store = new Store(CloisterPaths.under(dir.resolve("root")));
        CgroupDriver cgroups = FakeCgroup2.driver(Files.createDirectories(dir.resolve("cgroup")));
        SandboxPlanner planner = new SandboxPlanner(HostLayout.probe(Path.of("/")), cgroups, config -> {
            throw new UnsupportedOperationException("no service sandboxes in runtime unit tests");
        }, new SandboxNetworks(store)::plan, SelinuxLabelling.NONE);
        return new Context(store, Path.of("/"), planner, cgroups, helper,
                new UidRanges(dir.resolve("uid-ranges"), Path.of("/")));
    }

    /** What {@code create NAME [--storage SIZE] [-m host-bind:…] -- /bin/true} asks for, on the default network. */
    static CreateRequest generic(String name, Limits limits, List<MountRequest> mounts) {
        return new CreateRequest(name, List.of("/bin/true"), List.of(), List.of(), false, Optional.empty(),
                Optional.empty(), limits, mounts, List.of(), List.of(), KernelAccess.DEFAULT, SystemdSettings.DEFAULT);
    }
}
