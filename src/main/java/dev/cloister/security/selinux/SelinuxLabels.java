package dev.cloister.security.selinux;

import dev.cloister.spec.SecurityLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SELinux decisions for one sandbox: the process label PID 1 runs with and the file label
 * its tree and mounts get, both at the sandbox's MCS level. The types are the loaded policy's:
 * its {@code lxc_contexts} when the policy defines the types that file names (Fedora and RHEL
 * with container-selinux), otherwise the first of {@code container_t} (container-selinux),
 * {@code svirt_lxc_net_t} (older Fedora and RHEL, the original's type) and
 * {@code cloister_sandbox_t} (Cloister's own module, selinux/, for Debian's and Ubuntu's reference
 * policy, whose lxc_contexts names container_t without defining it) that the policy accepts.
 */
public record SelinuxLabels(String processLabel, String fileLabel) {

    /** A process type and its file type. */
    public record Types(String user, String role, String process, String fileUser, String fileRole, String file) {
        String processContext() {
            return user + ":" + role + ":" + process + ":s0";
        }

        String fileContext() {
            return fileUser + ":" + fileRole + ":" + file + ":s0";
        }
    }

    static final Types CONTAINER = new Types("system_u", "system_r", "container_t", "system_u", "object_r", "container_file_t");
    static final Types SVIRT = new Types("system_u", "system_r", "svirt_lxc_net_t", "system_u", "object_r", "svirt_sandbox_file_t");
    static final Types CLOISTER = new Types("system_u", "system_r", "cloister_sandbox_t", "system_u", "object_r",
            "cloister_sandbox_file_t");

    private static final Pattern KEY = Pattern.compile("^\\s*(\\w+)\\s*=\\s*\"?([^\"\\s]+)\"?\\s*$");

    /**
     * The types the loaded policy has: empty when SELinux is disabled, an error naming what is
     * missing and what to install when it is enabled without any container type.
     */
    public static Optional<Types> types(SelinuxHost host) {
        if (!host.enabled()) {
            return Optional.empty();
        }
        Optional<Types> named = host.lxcContexts().flatMap(SelinuxLabels::parseLxcContexts);
        List<Types> candidates = new ArrayList<>();
        named.ifPresent(candidates::add);
        candidates.addAll(List.of(CONTAINER, SVIRT, CLOISTER));
        for (Types t : candidates) {
            if (host.valid(t.processContext()) && host.valid(t.fileContext())) {
                return Optional.of(t);
            }
        }
        throw new IllegalStateException("SELinux is enabled but the loaded policy defines none of the container types "
                + candidates.stream().map(Types::process).distinct().toList()
                + named.map(t -> " (its contexts/lxc_contexts names " + t.process() + ", which the policy does not define)")
                        .orElse("")
                + ": load Cloister's policy module (`make install` builds it with selinux-policy-dev and loads it"
                + " with semodule), or install container-selinux where the distribution has it");
    }

    /** The process and file contexts of an lxc_contexts file. */
    static Optional<Types> parseLxcContexts(List<String> lines) {
        String process = null;
        String file = null;
        for (String line : lines) {
            if (line.strip().startsWith("#")) {
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (m.matches()) {
                switch (m.group(1)) {
                    case "process" -> process = m.group(2);
                    case "file" -> file = m.group(2);
                    default -> {
                    }
                }
            }
        }
        if (process == null || file == null) {
            return Optional.empty();
        }
        String[] p = process.split(":", 4);
        String[] f = file.split(":", 4);
        if (p.length < 3 || f.length < 3) {
            return Optional.empty();
        }
        return Optional.of(new Types(p[0], p[1], p[2], f[0], f[1], f[2]));
    }

    /**
     * The labels of a sandbox at LEVEL. A static label given with {@code -s static,label=U:R:T:LEVEL}
     * is used for the process as written (its type must be one the policy accepts); the file label
     * keeps the policy's file type at the same level.
     */
    public static SelinuxLabels decide(Types types, SecurityLevel level, Optional<String> staticLabel) {
        String process = staticLabel.orElse(types.user() + ":" + types.role() + ":" + types.process() + ":" + level);
        String labelLevel = process.split(":", 4).length == 4 ? process.split(":", 4)[3] : level.toString();
        if (!labelLevel.equals(level.toString())) {
            throw new IllegalArgumentException("label " + process + " is not at the sandbox's level " + level);
        }
        String file = types.fileUser() + ":" + types.fileRole() + ":" + types.file() + ":" + level;
        return new SelinuxLabels(process, file);
    }

    /** The MCS level both labels carry (s0:c1,c2). */
    public String level() {
        return fileLabel.split(":", 4)[3];
    }

    /** The mount option that labels a tmpfs/devpts/mqueue the sandbox mounts (context=…). */
    public String mountContextOption() {
        return "context=\"" + fileLabel + "\"";
    }
}
