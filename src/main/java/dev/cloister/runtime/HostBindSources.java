package dev.cloister.runtime;

import dev.cloister.os.Helper;
import dev.cloister.os.HelperProcess;
import dev.cloister.security.HostBindPolicy;
import dev.cloister.spec.MountRequest;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.store.CloisterPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sources of a sandbox's host binds ({@code -m host-bind:DST=SRC}, {@code HostBind=} in its
 * config), checked where they can still be changed: at create and at upgrade, never first at
 * start. Every rule about a source lives here: it must exist, be reached without symbolic links,
 * and be bindable the way start binds it (the helper tries exactly that, short of attaching the
 * mount). Rules that refuse sources on purpose join {@link #requireUsable}.
 */
final class HostBindSources {
    private HostBindSources() {
    }

    /**
     * The checks that need no plan: run before anything is made. PATHS are cloister's own (its
     * store is never a source); a source that exists must also pass {@link HostBindPolicy}.
     */
    static void requireUsable(SandboxConfig config, CloisterPaths paths, boolean fromConfigFile) throws IOException {
        HostBindPolicy policy = new HostBindPolicy(List.of(paths.config(), paths.state(), paths.runtime()));
        for (MountRequest.HostBind bind : hostBinds(config)) {
            Path source = Path.of(bind.source());
            Path walked = Path.of("/");
            for (Path part : source) {
                walked = walked.resolve(part);
                if (Files.isSymbolicLink(walked)) {
                    throw refused(bind, fromConfigFile, walked.equals(source) ? "it is a symbolic link"
                            : walked + " is a symbolic link", "give the path it leads to (" + real(walked) + ")");
                }
                if (!Files.exists(walked, LinkOption.NOFOLLOW_LINKS)) {
                    throw refused(bind, fromConfigFile, walked + " does not exist",
                            "create it on the host first, or correct the path");
                }
            }
            Optional<String> dangerous = policy.refusal(bind.source());
            if (dangerous.isPresent()) {
                throw refused(bind, fromConfigFile, "refused: " + dangerous.get(), "bind a directory of data instead");
            }
        }
    }

    /** What the helper finds when it prepares each source as start would (the compiled PLAN names them). */
    static void requireBindable(Helper helper, Path plan, SandboxConfig config, boolean fromConfigFile) throws IOException {
        List<MountRequest.HostBind> binds = hostBinds(config);
        if (binds.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("check-bind", plan.toString()));
        binds.forEach(b -> args.add(b.source()));
        HelperProcess.Output out = helper.run(args);
        if (out.status() == 0) {
            return;
        }
        String first = out.text().lines().findFirst().orElse("the helper's check-bind failed (status " + out.status() + ")");
        MountRequest.HostBind bind = binds.stream().filter(b -> first.startsWith(b.source() + ": ")).findFirst()
                .orElse(binds.getFirst());
        String reason = first.startsWith(bind.source() + ": ") ? first.substring(bind.source().length() + 2) : first;
        throw refused(bind, fromConfigFile, "it cannot be bound (" + reason + ")",
                "bind a directory or file of a local filesystem that supports id-mapped mounts (ext4, xfs, btrfs, tmpfs)");
    }

    private static List<MountRequest.HostBind> hostBinds(SandboxConfig config) {
        return config.mounts().stream().filter(m -> m instanceof MountRequest.HostBind)
                .map(m -> (MountRequest.HostBind) m).toList();
    }

    private static IllegalArgumentException refused(MountRequest.HostBind bind, boolean fromConfigFile, String problem,
                                                    String advice) {
        String option = fromConfigFile ? "HostBind=" + bind.target() + "=" + bind.source()
                : "-m host-bind:" + bind.target() + "=" + bind.source();
        return new IllegalArgumentException(option + ": the source " + bind.source() + " cannot be used: " + problem
                + " — " + advice);
    }

    private static String real(Path link) {
        try {
            return link.toRealPath().toString();
        } catch (IOException e) {
            return "it leads nowhere";
        }
    }
}
