package dev.cloister.net;

import dev.cloister.store.AtomicFiles;
import dev.cloister.store.CloisterPaths;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Named networks ({@code cloister network create|list|inspect|delete}): one {@code NAME.conf} each
 * under {@code $CONFIG/networks/}, leases under {@code $STATE/.meta/.networks/}. The default
 * network is created on first use with a subnet that does not collide with the host's routes.
 */
public final class NetworkStore {
    private final Path confDir;
    private final String instance;
    private final Path leaseDir;
    private final FileLocks.Body<String> procNetRoute;

    /** A network and who uses it. */
    public record NetworkInfo(NetworkConfig config, Leases leases) {
    }

    public NetworkStore(CloisterPaths paths) {
        this(paths.config().resolve("networks"), paths.metaRoot().resolve(".networks"),
                () -> Files.readString(Path.of("/proc/net/route")),
                paths.root().equals(Path.of("/")) ? "" : paths.root().toString());
    }

    NetworkStore(Path confDir, Path leaseDir, FileLocks.Body<String> procNetRoute) {
        this(confDir, leaseDir, procNetRoute, "");
    }

    /**
     * @param instance "" for the host's own cloister; a relocated instance's CLOISTER_ROOT, which
     *                 gives its networks bridges (and subnet search order) of their own, so two
     *                 instances on one host never share a bridge or hand out the same addresses
     */
    NetworkStore(Path confDir, Path leaseDir, FileLocks.Body<String> procNetRoute, String instance) {
        this.confDir = confDir;
        this.leaseDir = leaseDir;
        this.procNetRoute = procNetRoute;
        this.instance = instance;
    }

    private String bridgeFor(String network) {
        if (instance.isEmpty()) {
            return NetworkNames.bridgeOf(network);
        }
        return "cl" + String.format("%08x", (instance + "/" + network).hashCode()) + "i";
    }

    public NetworkConfig create(String name, Optional<Cidr> subnet) throws IOException {
        return create(name, subnet, false);
    }

    /** @param nat masquerade the subnet's outbound traffic behind the host's address */
    public NetworkConfig create(String name, Optional<Cidr> subnet, boolean nat) throws IOException {
        return create(name, subnet, nat, false);
    }

    /** @param hostAccess every host service reachable from the network's sandboxes (not only DHCP and DNS) */
    public NetworkConfig create(String name, Optional<Cidr> subnet, boolean nat, boolean hostAccess) throws IOException {
        NetworkNames.requireValid(name);
        return storeLocked(() -> {
            if (find(name).isPresent()) {
                throw new NetworkException("network " + name + " already exists");
            }
            return createLocked(name, subnet, nat, hostAccess);
        });
    }

    /** The network named by a -N source; the default network springs into existence on first use. */
    public NetworkConfig get(String name) throws IOException {
        Optional<NetworkConfig> found = find(name);
        if (found.isPresent()) {
            return found.get();
        }
        if (!name.equals(NetworkNames.DEFAULT)) {
            throw new NetworkException("network " + name + " does not exist; create it with: cloister network create "
                    + name + " [--subnet CIDR]");
        }
        return storeLocked(() -> {
            Optional<NetworkConfig> raced = find(name);
            return raced.isPresent() ? raced.get() : createLocked(name, Optional.empty(), false, false);
        });
    }

    public Optional<NetworkConfig> find(String name) throws IOException {
        Path conf = confDir.resolve(NetworkNames.requireValid(name) + ".conf");
        try {
            return Optional.of(NetworkConfig.parse(Files.readString(conf, StandardCharsets.UTF_8), conf.toString()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Every network whose config can be read; a damaged one is left out here and named by {@link #damaged}. */
    public List<NetworkConfig> list() throws IOException {
        List<NetworkConfig> out = new ArrayList<>();
        for (Path p : confFiles()) {
            try {
                out.add(NetworkConfig.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString()));
            } catch (NetworkException | java.nio.charset.CharacterCodingException damaged) {
                // one damaged network must not stop commands about the others
            }
        }
        // Not Comparator.comparing: its serializable lambda is spun at run time (~2 ms of list).
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** The problem of each network config that cannot be read (FILE:LINE: …). */
    public List<String> damaged() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path p : confFiles()) {
            try {
                NetworkConfig.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            } catch (NetworkException e) {
                problems.add(e.getMessage());
            } catch (java.nio.charset.CharacterCodingException e) {
                problems.add(p + ":1: not UTF-8 text — fix the file or delete the network's config");
            }
        }
        return problems;
    }

    private List<Path> confFiles() throws IOException {
        if (!Files.isDirectory(confDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(confDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".conf") && !p.getFileName().toString()
                    .startsWith(".")).sorted().toList();
        }
    }

    /**
     * Removes what killed writers left beside the lease files (.NAME.leases.tmp), for gc; those
     * beside the network configs go whenever the store's lock is taken, here too.
     */
    public List<Path> removeLeftovers() throws IOException {
        List<Path> removed = new ArrayList<>();
        storeLocked(() -> {
            for (Path staged : staged(leaseDir)) {
                if (!staged.getFileName().toString().endsWith(".leases.tmp")) {
                    continue;
                }
                String leases = staged.getFileName().toString();
                String network = leases.substring(1, leases.length() - ".leases.tmp".length());
                // under the lock its writer takes
                FileLocks.locked(leaseDir.resolve(network + ".lock"), () -> Files.deleteIfExists(staged));
                removed.add(staged);
            }
            return null;
        });
        return removed;
    }

    /** Staged copies (.NAME.tmp) in DIR. */
    private static List<Path> staged(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".")
                    && p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    /** Every network with its leases, by name. */
    public Map<String, NetworkInfo> inspectAll() throws IOException {
        Map<String, NetworkInfo> out = new LinkedHashMap<>();
        for (NetworkConfig c : list()) {
            try {
                out.put(c.name(), new NetworkInfo(c, ipam(c).leases()));
            } catch (NetworkException damagedLeases) {
                // left out: inspect(name) of it says what is wrong
            }
        }
        return out;
    }

    public NetworkInfo inspect(String name) throws IOException {
        NetworkConfig c = find(name).orElseThrow(() -> new NetworkException("network " + name + " does not exist"));
        return new NetworkInfo(c, ipam(c).leases());
    }

    /** Refused while any sandbox holds an address on the network. */
    public void delete(String name) throws IOException {
        storeLocked(() -> {
            NetworkConfig c = find(name).orElseThrow(() -> new NetworkException("network " + name + " does not exist"));
            Ipam ipam = ipam(c);
            ipam.locked(() -> {
                List<String> users = ipam.read().byAddress().values().stream().distinct().sorted().toList();
                if (!users.isEmpty()) {
                    throw new NetworkException("network " + name + " is in use by " + String.join(", ", users)
                            + "; delete those sandboxes (or move them with -N source=) first (`cloister list` says what "
                            + "each is; `cloister gc` removes what an interrupted create left)");
                }
                // The config goes last: a delete killed before it leaves the network, and the retry finishes.
                ipam.deleteFiles();
                Files.delete(confDir.resolve(name + ".conf"));
                return null;
            });
            return null;
        });
    }

    /** Releases the sandbox's addresses on every network that has a lease file. */
    public void releaseEverywhere(String sandbox) throws IOException {
        if (!Files.isDirectory(leaseDir)) {
            return;
        }
        List<String> networks;
        try (Stream<Path> files = Files.list(leaseDir)) {
            networks = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".leases") && !f.startsWith("."))
                    .map(f -> f.substring(0, f.length() - ".leases".length())).toList();
        }
        for (String network : networks) {
            Ipam.release(leaseDir, network, sandbox);
        }
    }

    public Ipam ipam(NetworkConfig network) {
        return new Ipam(leaseDir, network);
    }

    private NetworkConfig createLocked(String name, Optional<Cidr> subnet, boolean nat, boolean hostAccess)
            throws IOException {
        HostRoutes host = HostRoutes.parse(procNetRoute.run());
        List<NetworkConfig> others = list();
        String bridge = bridgeFor(name);
        NetworkConfig c;
        if (subnet.isPresent()) {
            c = new NetworkConfig(name, bridge, subnet.get());   // validates the prefix range first
            SubnetChooser.check(name, c.subnet(), host, others);
        } else {
            c = new NetworkConfig(name, bridge, SubnetChooser.choose(name, host,
                    others.stream().map(NetworkConfig::subnet).toList(), Math.floorMod(instance.hashCode(), 256)));
        }
        c = c.withNat(nat).withHostAccess(hostAccess);
        AtomicFiles.write(confDir.resolve(name + ".conf"), c.render(), "rw-r--r--");
        return c;
    }

    /** Network configs are written under this lock: a staged copy found on taking it is a killed writer's. */
    private <T> T storeLocked(FileLocks.Body<T> body) throws IOException {
        Files.createDirectories(confDir);
        return FileLocks.locked(confDir.resolve(".lock"), () -> {
            for (Path p : staged(confDir)) {
                Files.deleteIfExists(p);
            }
            return body.run();
        });
    }
}
