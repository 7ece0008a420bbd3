package dev.cloister.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Every path cloister uses, relocated together under {@code CLOISTER_ROOT} when it is set so
 * that tests and users can run isolated instances that never see each other's sandboxes.
 *
 * @param root     "/" or CLOISTER_ROOT
 * @param config   /etc/cloister: one NAME.conf per sandbox
 * @param state    /var/lib/cloister: one tree per sandbox (NAME/) and .meta/NAME/ for plans,
 *                 locks, console log and exit record (kept out of the tree, which the sandbox controls)
 * @param runtime  /run/cloister: NAME/ while a sandbox runs
 * @param unitDir  /etc/systemd/system: generated host units
 */
public record CloisterPaths(Path root, Path config, Path state, Path runtime, Path unitDir) {

    public static CloisterPaths fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    public static CloisterPaths fromEnvironment(Map<String, String> env) {
        String relocated = env.get("CLOISTER_ROOT");
        return under(relocated == null || relocated.isBlank() ? Path.of("/") : Path.of(relocated).toAbsolutePath());
    }

    public static CloisterPaths under(Path root) {
        return new CloisterPaths(root,
                root.resolve("etc/cloister"),
                root.resolve("var/lib/cloister"),
                root.resolve("run/cloister"),
                root.resolve("etc/systemd/system"));
    }

    public Path configFile(String name) {
        return config.resolve(name + ".conf");
    }

    public Path tree(String name) {
        return state.resolve(name);
    }

    public Path metaRoot() {
        return state.resolve(".meta");
    }

    public Path meta(String name) {
        return metaRoot().resolve(name);
    }

    public Path runDir(String name) {
        return runtime.resolve(name);
    }

    public Path hostUnit(String name) {
        return unitDir.resolve(name + "_sandbox.service");
    }
}
