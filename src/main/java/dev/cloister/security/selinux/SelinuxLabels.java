package dev.cloister.security.selinux;

import dev.cloister.spec.SecurityLevel;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SELinux decisions for one sandbox: the process label PID 1 runs with and the file label
 * its tree and mounts get, both at the sandbox's MCS level. The types are the host policy's
 * own: its {@code lxc_contexts} when it ships one (process / file keys), otherwise the first of
 * {@code container_t} (current container-selinux) and {@code svirt_lxc_net_t} (older Fedora and
 * RHEL, the original's type) that the policy accepts, with the matching file type
 * ({@code container_file_t} / {@code svirt_sandbox_file_t}).
 */
public record SelinuxLabels(String processLabel, String fileLabel) {

    /** A process type and its file type. */
    public record Types(String user, String role, String process, String fileUser, String fileRole, String file) {
    }

    static final Types CONTAINER = new Types("system_u", "system_r", "container_t", "system_u", "object_r", "container_file_t");
    static final Types SVIRT = new Types("system_u", "system_r", "svirt_lxc_net_t", "system_u", "object_r", "svirt_sandbox_file_t");

    private static final Pattern KEY = Pattern.compile("^\\s*(\\w+)\\s*=\\s*\"?([^\"\\s]+)\"?\\s*$");

    /** The types the host's policy has; empty when SELinux is disabled or no container type exists. */
    public static Optional<Types> types(SelinuxHost host) {
        if (!host.enabled()) {
            return Optional.empty();
        }
        Optional<Types> fromFile = host.lxcContexts().flatMap(SelinuxLabels::parseLxcContexts);
        if (fromFile.isPresent()) {
            return fromFile;
        }
        for (Types t : List.of(CONTAINER, SVIRT)) {
            if (host.valid(t.user() + ":" + t.role() + ":" + t.process() + ":s0")
                    && host.valid(t.fileUser() + ":" + t.fileRole() + ":" + t.file() + ":s0")) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
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

    /** The mount option that labels a tmpfs/devpts/mqueue the sandbox mounts (context=…). */
    public String mountContextOption() {
        return "context=\"" + fileLabel + "\"";
    }
}
