package dev.cloister.spec;

import java.util.List;
import java.util.Optional;

/**
 * Everything the administrator defined for one sandbox: the content of
 * /etc/cloister/NAME.conf. A generic sandbox has a command and no units; a service sandbox has
 * units and no command.
 *
 * @param name       the sandbox's name (also its hostname)
 * @param command    PID 1's command line (generic sandboxes)
 * @param units      systemd units to run inside (service sandboxes), as the user gave them
 * @param packages   extra packages whose files are private to the sandbox (-P)
 * @param copy       -C: copy package files into the tree instead of sharing them read-only
 * @param level      the MCS level that separates this sandbox from all others
 * @param selinuxLabel full SELinux process label given with -s static,label=..., if any
 * @param uidBase    first host uid/gid of the sandbox's 65536-id range
 * @param limits     cgroup limits
 * @param mounts     extra mounts (-m)
 * @param networks   -N specs as given (parsed by the network layer)
 * @param publish    --publish specs as given, {@code [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]} (parsed by the network layer)
 * @param kernel     what of the kernel it may use beyond the base confinement ([Kernel])
 * @param systemd    its slice and its host unit's restart policy on systemd hosts ([Systemd])
 */
public record SandboxConfig(
        String name,
        List<String> command,
        List<String> units,
        List<String> packages,
        boolean copy,
        SecurityLevel level,
        Optional<String> selinuxLabel,
        long uidBase,
        Limits limits,
        List<MountRequest> mounts,
        List<String> networks,
        List<String> publish,
        KernelAccess kernel,
        SystemdSettings systemd) {

    public static final long UID_RANGE = 65_536;

    /** A config with the default kernel access. */
    public SandboxConfig(String name, List<String> command, List<String> units, List<String> packages, boolean copy,
                         SecurityLevel level, Optional<String> selinuxLabel, long uidBase, Limits limits,
                         List<MountRequest> mounts, List<String> networks, List<String> publish) {
        this(name, command, units, packages, copy, level, selinuxLabel, uidBase, limits, mounts, networks, publish,
                KernelAccess.DEFAULT, SystemdSettings.DEFAULT);
    }

    public SandboxConfig {
        command = List.copyOf(command);
        units = List.copyOf(units);
        packages = List.copyOf(packages);
        mounts = List.copyOf(mounts);
        networks = List.copyOf(networks);
        publish = List.copyOf(publish);
        Names.requireValid(name);
        if (command.isEmpty() == units.isEmpty()) {
            throw new IllegalArgumentException(command.isEmpty()
                    ? "sandbox '" + name + "' has neither a command nor a unit: give -u UNIT or -- COMMAND"
                    : "sandbox '" + name + "' has both a command and units: give either -u UNIT or -- COMMAND");
        }
        requireValidUidBase(uidBase);
    }

    /** Checks a uid base on its own (the config reader reports it at its own line). */
    public static long requireValidUidBase(long uidBase) {
        if (uidBase <= 0 || uidBase % UID_RANGE != 0 || uidBase + UID_RANGE > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uid base " + uidBase
                    + " must be a positive multiple of 65536 below 2^32 - 65536");
        }
        return uidBase;
    }

    public boolean isService() {
        return !units.isEmpty();
    }

    public SandboxConfig withName(String newName) {
        return new SandboxConfig(newName, command, units, packages, copy, level, selinuxLabel, uidBase, limits,
                mounts, networks, publish, kernel, systemd);
    }

    public SandboxConfig withIdentity(SecurityLevel newLevel, long newUidBase) {
        return new SandboxConfig(name, command, units, packages, copy, newLevel, selinuxLabel, newUidBase, limits,
                mounts, networks, publish, kernel, systemd);
    }

    public SandboxConfig withPublish(List<String> newPublish) {
        return new SandboxConfig(name, command, units, packages, copy, level, selinuxLabel, uidBase, limits,
                mounts, networks, newPublish, kernel, systemd);
    }

    public SandboxConfig withSystemd(SystemdSettings newSystemd) {
        return new SandboxConfig(name, command, units, packages, copy, level, selinuxLabel, uidBase, limits,
                mounts, networks, publish, kernel, newSystemd);
    }

    public SandboxConfig withKernel(KernelAccess newKernel) {
        return new SandboxConfig(name, command, units, packages, copy, level, selinuxLabel, uidBase, limits,
                mounts, networks, publish, newKernel, systemd);
    }

    public SandboxConfig withLimits(Limits newLimits) {
        return new SandboxConfig(name, command, units, packages, copy, level, selinuxLabel, uidBase, newLimits,
                mounts, networks, publish, kernel, systemd);
    }
}
