package dev.cloister.it;

import dev.cloister.cgroup.CgroupRequest;
import dev.cloister.net.VethNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What one cloister instance has on the host, read from the host itself (not from cloister):
 * its files, mounts, loop devices, links, nft tables, cgroups and processes. The chaos suite
 * compares these before and after each trial; the recovery tests check them after a cleanup.
 */
public final class HostTraces {
    private final Path root;

    public HostTraces(Path root) {
        this.root = root;
    }

    /** Every trace of sandbox NAME: its files, leases, cgroups, links, publish table and mounts. */
    public List<String> of(String name) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        Path state = root.resolve("var/lib/cloister");
        Path meta = state.resolve(".meta");
        for (Path p : List.of(root.resolve("etc/cloister/" + name + ".conf"), root.resolve("etc/cloister/." + name + ".conf.tmp"),
                root.resolve("etc/systemd/system/" + name + "_sandbox.service"), state.resolve(name),
                state.resolve("." + name + ".creating"), state.resolve("." + name + ".deleting"), meta.resolve(name),
                meta.resolve("." + name + ".creating"), meta.resolve("." + name + ".deleting"),
                root.resolve("run/cloister/" + name))) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                out.add("file " + root.relativize(p));
            }
        }
        for (String lease : leaseLines()) {
            if (lease.endsWith(" " + name)) {
                out.add("lease " + lease);
            }
        }
        String leaf = "cloister-" + name + instanceTag();
        for (Path cg : ownCgroupDirs()) {
            if (Files.isDirectory(cg.resolve(leaf))) {
                out.add("cgroup " + cg.resolve(leaf));
            }
        }
        Set<String> links = links();
        String tables = nftTables();
        for (String bridge : bridges()) {
            for (int nic = 0; nic < 8; nic++) {
                if (links.contains(VethNames.host(bridge + "/" + name, nic))) {
                    out.add("veth " + VethNames.host(bridge + "/" + name, nic));
                }
            }
            if (tables.contains(" " + VethNames.publishTable(bridge + "/" + name) + "\n")) {
                out.add("nft table " + VethNames.publishTable(bridge + "/" + name));
            }
        }
        for (String m : mounts()) {
            if (m.contains("/" + name + " ") || m.contains("/." + name + ".")) {
                out.add("mount " + m);
            }
        }
        return out;
    }

    /** What the instance holds on the host besides files: mounts, loop devices, bridges, tables, processes. */
    public List<String> kernelObjects() throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        mounts().forEach(m -> out.add("mount " + m));
        loopDevices().forEach(l -> out.add("loop " + l));
        Set<String> links = links();
        String tables = nftTables();
        for (String bridge : bridges()) {
            if (links.contains(bridge)) {
                out.add("bridge " + bridge);
            }
            if (tables.contains(" clst_br_" + bridge.replace('-', '_') + "\n")) {
                out.add("nft table clst_br_" + bridge);
            }
        }
        for (long pid : Processes.namingRoot(root)) {
            out.add("process " + pid + " " + cmdline(pid));
        }
        return out;
    }

    /** Every file and directory of the instance with its size: the "bytes of the tree" a trial must give back. */
    public TreeMap<String, Long> files() throws IOException {
        TreeMap<String, Long> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(root.relativize(p).toString(), Files.size(p));
                } else if (!p.equals(root)) {
                    out.put(root.relativize(p) + "/", 0L);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            // a file vanished while walking (a process of a running sandbox): take the next look
            throw e.getCause();
        }
        return out;
    }

    /** Staged copies a killed writer left (.NAME.tmp) and staging directories, anywhere in the instance. */
    public List<String> staging() throws IOException {
        return files().keySet().stream().filter(f -> {
            String leaf = Path.of(f).getFileName().toString();
            return leaf.endsWith(".tmp") || leaf.endsWith(".creating") || leaf.endsWith(".deleting");
        }).toList();
    }

    public List<String> mounts() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(root.toString())).toList();
    }

    /** Loop devices whose backing file lies in the instance. */
    public List<String> loopDevices() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
            for (Path dev : blocks.filter(p -> p.getFileName().toString().startsWith("loop")).toList()) {
                Path backing = dev.resolve("loop/backing_file");
                if (Files.isReadable(backing)) {
                    String file = Files.readString(backing).strip();
                    if (file.startsWith(root.toString())) {
                        out.add(dev.getFileName() + " " + file);
                    }
                }
            }
        }
        return out;
    }

    /** The instance's bridges, from its network configs (a relocated instance's are its own). */
    public Set<String> bridges() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Path dir = root.resolve("etc/cloister/networks");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> confs = Files.list(dir)) {
                for (Path conf : confs.filter(p -> p.toString().endsWith(".conf")).toList()) {
                    Files.readAllLines(conf).stream().filter(l -> l.startsWith("bridge="))
                            .forEach(l -> out.add(l.substring(7).strip()));
                }
            }
        }
        out.addAll(knownBridges);
        return out;
    }

    /** Bridges seen once stay checked after their network is deleted. */
    private final Set<String> knownBridges = new LinkedHashSet<>();

    public void remember() throws IOException {
        knownBridges.addAll(bridges());
    }

    private List<String> leaseLines() throws IOException {
        Path dir = root.resolve("var/lib/cloister/.meta/.networks");
        List<String> out = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".leases")).toList()) {
                    Files.readAllLines(f).stream().filter(l -> !l.isBlank()).forEach(out::add);
                }
            }
        }
        return out;
    }

    /** The sandboxes the lease files name. */
    public Set<String> leaseOwners() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        for (String lease : leaseLines()) {
            out.add(lease.substring(lease.indexOf(' ') + 1).strip());
        }
        return out;
    }

    /** The sandboxes (named TAG…) of this instance that have a cgroup beneath this JVM's. */
    public Set<String> cgroupOwners(String tag) throws IOException {
        String suffix = instanceTag();
        Set<String> out = new LinkedHashSet<>();
        for (Path dir : ownCgroupDirs()) {
            try (Stream<Path> children = Files.list(dir)) {
                children.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("cloister-" + tag) && n.endsWith(suffix))
                        .forEach(n -> out.add(n.substring("cloister-".length(), n.length() - suffix.length())));
            }
        }
        return out;
    }

    /** The tag this instance's cgroup names carry (CgroupRequest.leaf). */
    private String instanceTag() {
        return CgroupRequest.instanceTag(root.resolve("var/lib/cloister"));
    }

    /** This JVM's cgroup directory in every mounted hierarchy (cloister makes its cgroups beneath the caller's). */
    public static List<Path> ownCgroupDirs() throws IOException {
        List<String> mountpoints = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            int dash = line.indexOf(" - ");
            if (dash > 0 && (line.startsWith("cgroup ", dash + 3) || line.startsWith("cgroup2 ", dash + 3))) {
                mountpoints.add(line.split(" ")[4]);
            }
        }
        List<Path> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String path = line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1);
            for (String mp : mountpoints) {
                Path dir = Path.of(mp + (path.equals("/") ? "" : path));
                if (Files.isDirectory(dir) && !out.contains(dir)) {
                    out.add(dir);
                }
            }
        }
        return out;
    }

    private static Set<String> links() throws IOException {
        try (Stream<Path> links = Files.list(Path.of("/sys/class/net"))) {
            Set<String> out = new LinkedHashSet<>();
            links.forEach(p -> out.add(p.getFileName().toString()));
            return out;
        }
    }

    /** `nft list tables`, one "table ip NAME" a line, each line ending in a newline. */
    private static String nftTables() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nft", "list", "tables").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.endsWith("\n") ? out : out + "\n";
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
        } catch (IOException e) {
            return "(gone)";
        }
    }
}
