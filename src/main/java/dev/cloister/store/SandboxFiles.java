package dev.cloister.store;

import java.nio.file.Path;

/** The files of one sandbox, named in one place. */
public record SandboxFiles(String name, Path config, Path tree, Path meta, Path runDir, Path hostUnit) {

    public static SandboxFiles of(CloisterPaths paths, String name) {
        return new SandboxFiles(name, paths.configFile(name), paths.tree(name), paths.meta(name),
                paths.runDir(name), paths.hostUnit(name));
    }

    public Path plan() {
        return meta.resolve("start.plan");
    }

    /** inspect's view of the plan, compiled with it (JSON). */
    public Path planReport() {
        return meta.resolve("plan.json");
    }

    public Path seccomp() {
        return meta.resolve("seccomp.bpf");
    }

    public Path lock() {
        return meta.resolve("lock");
    }

    /** The size-limited image a tree lives in when the sandbox has a storage limit. */
    public Path treeImage() {
        return meta.resolve("tree.img");
    }

    public Path consoleLog() {
        return meta.resolve("console.log");
    }

    public Path exitRecord() {
        return meta.resolve("exit");
    }

    public Path stateFile() {
        return runDir.resolve("state");
    }

    /**
     * The files written by write-then-rename under the sandbox's lock: a staged copy of one
     * (.NAME.tmp) found by the next holder of the lock was left by a killed writer.
     */
    public java.util.List<Path> lockedTargets() {
        return java.util.List.of(config, seccomp(), planReport(), plan(), hostUnit);
    }

    /** The tree a create or clone builds before renaming it into place. */
    public Path stagingTree() {
        return tree.resolveSibling("." + name + ".creating");
    }

    /** The metadata a create or clone compiles into, and its journal: made first, before any lease. */
    public Path stagingMeta() {
        return meta.resolveSibling("." + name + ".creating");
    }

    /** The tree a delete renames aside before removing it, so a half-removed tree is never taken for a sandbox. */
    public Path asideTree() {
        return tree.resolveSibling("." + name + ".deleting");
    }

    /** The metadata renamed aside: a delete's commit and its journal, removed last. */
    public Path deletingMeta() {
        return meta.resolveSibling("." + name + ".deleting");
    }
}
