package dev.cloister.tree;

import dev.cloister.service.DropIn;
import dev.cloister.service.Origin;
import dev.cloister.service.PrivatePath;
import dev.cloister.service.SandboxSecret;
import dev.cloister.service.ServiceLayout;
import dev.cloister.service.SharedPath;
import dev.cloister.service.UnitFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes a new tree match a service layout: private paths copied from the host or created empty
 * with their owners and modes, mount points for shared paths, and a /etc/systemd/system that
 * enables exactly the requested units.
 */
public final class ServiceTree {
    private static final Path UNIT_DIR = Path.of("etc/systemd/system");

    /**
     * Host chores with nothing to do in a service sandbox, masked unless requested. Most sit on the
     * boot's critical path, so each one is time before the service answers (~35 ms in all here).
     */
    private static final List<String> MASKED = List.of(
            "console-getty.service",         // a login prompt on a console nobody reads
            "systemd-remount-fs.service",    // cloister made the mounts: / is a read-only tmpfs, no fstab to apply
            "systemd-sysusers.service",      // /etc/passwd is the host's, whose packages created their users
            "systemd-update-utmp.service",   // boot records for `last`: nobody logs in to a service sandbox
            "systemd-update-utmp-runlevel.service");

    private ServiceTree() {
    }

    /** The paths materialize copies from the host with everything in them (create -C's configuration). */
    public static Set<Path> copiedWhole(ServiceLayout layout) {
        return layout.privatePaths().stream().filter(p -> p.origin() == Origin.COPY_FROM_HOST).map(PrivatePath::path)
                .collect(Collectors.toSet());
    }

    public static void materialize(ServiceLayout layout, HostCopy copier, Path hostRoot, Path tree)
            throws IOException {
        Set<Path> secrets = layout.secrets().stream().map(SandboxSecret::path).collect(Collectors.toSet());
        for (PrivatePath p : layout.privatePaths()) {
            if (p.origin() != Origin.CREATE_AT_BOOT) {
                place(p, copier, hostRoot, tree, secrets);
            }
        }
        for (SharedPath shared : layout.sharedPaths()) {
            mountPoint(hostRoot.resolve(rel(shared.path())), tree.resolve(rel(shared.path())));
        }
        writeUnits(layout, hostRoot, tree);
        Path journal = tree.resolve("var/log/journal");
        Files.createDirectories(journal);
        for (SandboxSecret s : layout.secrets()) {
            if (!s.shared()) {
                makeParents(hostRoot, tree, s.path().getParent());
            }
        }
        SecretFiles.write(layout, hostRoot, tree, layout.sandbox());
    }

    /** Copies or creates one private path; the host's private files (SECRETS) stay on the host. */
    private static void place(PrivatePath p, HostCopy copier, Path hostRoot, Path tree, Set<Path> secrets)
            throws IOException {
        Path host = hostRoot.resolve(rel(p.path()));
        Path target = tree.resolve(rel(p.path()));
        makeParents(hostRoot, tree, p.path().getParent());
        if (p.origin() == Origin.COPY_FROM_HOST && Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            SafeDelete.deleteTree(target);
            if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                Set<Path> leftOut = secrets.stream().filter(s -> s.startsWith(p.path())).map(p.path()::relativize)
                        .collect(Collectors.toSet());
                copier.copy(host, target, HostCopy.Filter.EVERYTHING, Set.of(), leftOut);
            } else if (!secrets.contains(p.path())) {
                Files.copy(host, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            }
            return;
        }
        switch (p.kind()) {
            case DIRECTORY -> {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                    SafeDelete.deleteTree(target);
                    Files.createDirectory(target);
                }
            }
            case FILE -> {
                if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(target);
                }
            }
            case SYMLINK -> {
                if (Files.isSymbolicLink(host)) {
                    Files.deleteIfExists(target);
                    Files.createSymbolicLink(target, Files.readSymbolicLink(host));
                }
                return;
            }
        }
        setOwnerAndMode(target, p.uid(), p.gid(), p.mode());
    }

    /** Creates missing parents of a private path with the owners and modes of their host counterparts. */
    private static void makeParents(Path hostRoot, Path tree, Path parent) throws IOException {
        if (parent == null || parent.getNameCount() == 0) {
            return;
        }
        Path target = tree.resolve(rel(parent));
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        makeParents(hostRoot, tree, parent.getParent());
        Files.createDirectory(target);
        Path host = hostRoot.resolve(rel(parent));
        if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
            PosixFileAttributes a = Files.readAttributes(host, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            view.setOwner(a.owner());
            view.setGroup(a.group());
            view.setPermissions(a.permissions());
        }
    }

    /** A shared path is bound read-only over the tree: the tree keeps only an empty mount point, not a stale copy. */
    private static void mountPoint(Path host, Path target) throws IOException {
        SafeDelete.deleteTree(target);
        Files.createDirectories(target.getParent());
        if (Files.isDirectory(host)) {
            Files.createDirectory(target);
        } else {
            Files.createFile(target);
        }
    }

    /**
     * The sandbox's own /etc/systemd/system: the host's enablement links stay out (the host's
     * postgresql must not start in an apache2 sandbox); the requested units are enabled for
     * multi-user.target, which is the default target; units and drop-ins the administrator
     * keeps in the host's /etc/systemd/system come along; cloister's drop-ins say why.
     */
    private static void writeUnits(ServiceLayout layout, Path hostRoot, Path tree) throws IOException {
        Path unitDir = tree.resolve(UNIT_DIR);
        SafeDelete.deleteTree(unitDir);
        Files.createDirectories(unitDir.resolve("multi-user.target.wants"));
        Files.createSymbolicLink(unitDir.resolve("default.target"), Path.of("/lib/systemd/system/multi-user.target"));
        for (String unit : MASKED) {
            if (!layout.enabledUnits().contains(unit)) {
                Files.createSymbolicLink(unitDir.resolve(unit), Path.of("/dev/null"));
            }
        }
        Path hostUnitDir = hostRoot.resolve(UNIT_DIR);
        for (UnitFile unit : layout.units()) {
            Path fragment = unit.path();
            if (fragment.startsWith(hostUnitDir)) {
                Files.copy(fragment, unitDir.resolve(fragment.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
                fragment = Path.of("/").resolve(UNIT_DIR).resolve(fragment.getFileName());
            } else {
                fragment = Path.of("/").resolve(hostRoot.relativize(fragment));
            }
            for (Path dropIn : unit.dropIns()) {
                if (dropIn.startsWith(hostUnitDir)) {
                    Path to = unitDir.resolve(hostUnitDir.relativize(dropIn));
                    Files.createDirectories(to.getParent());
                    Files.copy(dropIn, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            String enabledName = unit.name().fullName();
            if (layout.enabledUnits().contains(enabledName)) {
                Files.createSymbolicLink(unitDir.resolve("multi-user.target.wants").resolve(enabledName), fragment);
            }
        }
        for (DropIn dropIn : layout.dropIns()) {
            Path dir = unitDir.resolve(dropIn.unit() + ".d");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(dropIn.fileName()), dropIn.content());
        }
    }

    private static void setOwnerAndMode(Path target, int uid, int gid, int mode) throws IOException {
        Files.setAttribute(target, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    private static String rel(Path absolute) {
        return absolute.toString().substring(1);
    }
}
