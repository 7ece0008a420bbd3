package dev.cloister.spec;

import static dev.cloister.spec.ConfigSection.COMMAND;
import static dev.cloister.spec.ConfigSection.KERNEL;
import static dev.cloister.spec.ConfigSection.SYSTEMD;
import static dev.cloister.spec.ConfigSection.LIMITS;
import static dev.cloister.spec.ConfigSection.MOUNT;
import static dev.cloister.spec.ConfigSection.NETWORK;
import static dev.cloister.spec.ConfigSection.SANDBOX;
import static dev.cloister.spec.ConfigSection.SERVICE;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The keys of a sandbox config file: the section(s) each may appear in, whether it may repeat, and the advice given
 * when its value is wrong.
 */
enum ConfigKey {
    NAME("Name", false, "use the sandbox's name, the file's name without .conf", SANDBOX),
    LEVEL("Level", false, "write an MCS level such as s0:c1,c2", SANDBOX),
    LABEL("Label", false, "write a full SELinux label such as system_u:system_r:svirt_lxc_net_t:s0:c1,c2, "
            + "or delete the line", SANDBOX),
    UID_BASE("UidBase", false, "write a positive multiple of 65536 such as 1073741824", SANDBOX),
    UNIT("Unit", true, "write one systemd unit name per line, such as Unit=apache2.service", SERVICE),
    EXEC("Exec", false, "write the command line, e.g. Exec=/bin/sh -c \"echo hello\"", COMMAND),
    PACKAGE("Package", true, "write one package name per line, such as Package=apache2", SERVICE, COMMAND),
    COPY("Copy", false, "write yes or no", SERVICE, COMMAND),
    MEMORY("Memory", false, "write a size of at least 4M such as 512M, or delete the line for no limit", LIMITS),
    CPUS("CPUs", false, "write a CPU count between 0.01 and 1024 such as 1.5, or delete the line for no limit",
            LIMITS),
    CPU_WEIGHT("CPUWeight", false, "write a whole number from 1 to 10000 (100 is the default weight)", LIMITS),
    PIDS_LIMIT("PidsLimit", false, "write a whole number of at least 1 such as 2048, or delete the line for no "
            + "limit", LIMITS),
    IO_WEIGHT("IOWeight", false, "write a whole number from 1 to 10000 (100 is the default weight)", LIMITS),
    STORAGE("Storage", false, "write a size such as 10G (the size of the tree's ext4 image; at least 1M)", LIMITS),
    HOST_BIND("HostBind", true, "write HostBind=/path/in/sandbox=/path/on/host with absolute, normalized paths",
            MOUNT),
    RAM("Ram", true, "write Ram=/path/in/sandbox=SIZE such as Ram=/tmp=500M", MOUNT),
    NETWORK_SPEC("Network", true, "write a network spec such as Network=dhcp", NETWORK),
    PUBLISH("Publish", true, "write [HOSTIP:]HOSTPORT:PORT[/tcp|/udp] such as Publish=127.0.0.1:8080:80/tcp",
            NETWORK),
    NESTED_USERNS("NestedUserNamespaces", false, "write how many user namespaces root inside may create, 0 to "
            + KernelAccess.MAX_NESTED_USERNS, KERNEL),
    NFTABLES("Nftables", false, "write yes or no", KERNEL),
    PTYS("Ptys", false, "write the size of the sandbox's pty pool, 1 to " + KernelAccess.MAX_PTYS, KERNEL),
    CONSOLE_LOG("ConsoleLogSize", false, "write a size of at least 64K such as 8M", KERNEL),
    SLICE("Slice", false, "write a systemd slice such as machine.slice", SYSTEMD),
    RESTART("Restart", false, "write one of " + String.join(", ", SystemdSettings.RESTART_POLICIES), SYSTEMD);

    final String title;
    final boolean repeatable;
    final String advice;
    final List<ConfigSection> sections;

    ConfigKey(String title, boolean repeatable, String advice, ConfigSection... sections) {
        this.title = title;
        this.repeatable = repeatable;
        this.advice = advice;
        this.sections = List.of(sections);
    }

    static Optional<ConfigKey> find(ConfigSection section, String title) {
        return Arrays.stream(values()).filter(k -> k.sections.contains(section) && k.title.equals(title)).findFirst();
    }

    /** The key with this title in whichever section it belongs to. */
    static Optional<ConfigKey> titled(String title) {
        return Arrays.stream(values()).filter(k -> k.title.equals(title)).findFirst();
    }

    static List<ConfigKey> in(ConfigSection section) {
        return Arrays.stream(values()).filter(k -> k.sections.contains(section)).toList();
    }

    /** {@code Key=value}, for writing and for messages. */
    String entry(String value) {
        return title + "=" + value;
    }
}
