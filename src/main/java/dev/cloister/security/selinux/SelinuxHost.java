package dev.cloister.security.selinux;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the host's SELinux offers, read from its files: whether SELinux is enabled (selinuxfs is
 * mounted and has {@code enforce}), the loaded policy's name ({@code /etc/selinux/config}), its
 * container contexts ({@code contexts/lxc_contexts}, the file libvirt-lxc and podman read) and,
 * as a fallback, which types the kernel's policy knows (a context written to selinuxfs's
 * {@code context} file is accepted only if valid). Every path hangs off {@code root} so that
 * tests use fixture trees; the real host is {@code new SelinuxHost(Path.of("/"))}.
 */
public final class SelinuxHost {
    private final Path root;
    private final Predicate<String> contextValid;

    public SelinuxHost(Path root) {
        this(root, null);
    }

    /** With an explicit validity check (tests); null means "write it to selinuxfs's context file". */
    public SelinuxHost(Path root, Predicate<String> contextValid) {
        this.root = root;
        this.contextValid = contextValid != null ? contextValid : this::kernelAccepts;
    }

    /** The selinuxfs mount point: /sys/fs/selinux (or the old /selinux). */
    Optional<Path> selinuxfs() {
        for (String mp : List.of("sys/fs/selinux", "selinux")) {
            Path p = root.resolve(mp);
            if (Files.exists(p.resolve("enforce")) && mounted("/" + mp)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** SELinux is enabled iff selinuxfs is mounted and shows {@code enforce}. */
    public boolean enabled() {
        return selinuxfs().isPresent();
    }

    /** Enforcing (1) or permissive (0); empty when disabled. */
    public Optional<Boolean> enforcing() throws IOException {
        Optional<Path> fs = selinuxfs();
        if (fs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(fs.get().resolve("enforce")).strip().equals("1"));
    }

    private boolean mounted(String mountPoint) {
        Path mounts = root.resolve("proc/self/mounts");
        try {
            for (String line : Files.readAllLines(mounts, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length >= 3 && f[1].equals(mountPoint) && f[2].equals("selinuxfs")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** SELINUXTYPE from /etc/selinux/config (default "targeted"). */
    public String policyName() {
        try {
            for (String line : Files.readAllLines(root.resolve("etc/selinux/config"))) {
                String l = line.strip();
                if (l.startsWith("SELINUXTYPE=")) {
                    return l.substring("SELINUXTYPE=".length()).strip();
                }
            }
        } catch (IOException e) {
            // no config: the usual default
        }
        return "targeted";
    }

    /** The lines of the policy's lxc_contexts, if it ships one. */
    public Optional<List<String>> lxcContexts() {
        Path p = root.resolve("etc/selinux").resolve(policyName()).resolve("contexts/lxc_contexts");
        try {
            return Files.isRegularFile(p) ? Optional.of(Files.readAllLines(p)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Whether the loaded policy accepts CONTEXT (e.g. to learn whether a type exists). */
    public boolean valid(String context) {
        return contextValid.test(context);
    }

    private boolean kernelAccepts(String context) {
        Optional<Path> fs = selinuxfs();
        if (fs.isEmpty()) {
            return false;
        }
        try {
            Files.writeString(fs.get().resolve("context"), context + "\0");
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
