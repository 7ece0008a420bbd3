package dev.cloister.net;

import dev.cloister.store.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Address management for one network: {@code DIR/NAME.leases} ("IP sandbox" lines), rewritten
 * whole (write-then-rename) under {@code DIR/NAME.lock}, so concurrent creates in any number of
 * threads and processes never hand out one address twice.
 */
public final class Ipam {
    private final NetworkConfig network;
    private final Path leaseFile;
    private final Path lockFile;

    public Ipam(Path leaseDir, NetworkConfig network) {
        this.network = network;
        this.leaseFile = leaseDir.resolve(network.name() + ".leases");
        this.lockFile = leaseDir.resolve(network.name() + ".lock");
    }

    public NetworkConfig network() {
        return network;
    }

    /** The sandbox's address on this network: the one it already has, else the lowest free one of the pool. */
    public Ipv4 allocate(String sandbox) throws IOException {
        return locked(() -> {
            Leases leases = read();
            List<Ipv4> mine = leases.addressesOf(sandbox);
            if (!mine.isEmpty()) {
                return mine.getFirst();
            }
            for (Ipv4 ip = network.poolFirst(); ip.compareTo(network.poolLast()) <= 0; ip = ip.plus(1)) {
                if (leases.owner(ip).isEmpty()) {
                    write(leases.with(ip, sandbox));
                    return ip;
                }
            }
            throw new NetworkException("network " + network.name() + " (" + network.subnet() + ") is full: all "
                    + network.poolSize() + " addresses of its pool " + network.poolFirst() + "-" + network.poolLast()
                    + " are leased; delete unused sandboxes or use a network with a larger --subnet");
        });
    }

    /**
     * Records a static address so that no other sandbox gets it: IPAM skips it, and another
     * sandbox's address= of it is refused. An address outside the subnet (a secondary one the
     * sandbox also answers on) is recorded too, so two sandboxes on one bridge never share it.
     */
    public void reserve(String sandbox, Ipv4 ip) throws IOException {
        if (!network.subnet().contains(ip)) {
            record(sandbox, ip);
            return;
        }
        if (ip.equals(network.subnet().network()) || ip.equals(network.gateway())
                || ip.equals(network.subnet().broadcast())) {
            throw new NetworkException(ip + " is the network, gateway or broadcast address of network "
                    + network.name() + " (" + network.subnet() + ")");
        }
        if (ip.compareTo(network.dhcpFirst()) >= 0) {
            throw new NetworkException(ip + " is in the DHCP range " + network.dhcpFirst() + "-" + network.dhcpLast()
                    + " of network " + network.name() + "; choose an address below " + network.dhcpFirst());
        }
        record(sandbox, ip);
    }

    private void record(String sandbox, Ipv4 ip) throws IOException {
        locked(() -> {
            Leases leases = read();
            String owner = leases.owner(ip).orElse(sandbox);
            if (!owner.equals(sandbox)) {
                throw new NetworkException(ip + " on network " + network.name() + " is already used by sandbox " + owner
                        + ": choose another address, or drop address= to be given a free one");
            }
            if (leases.owner(ip).isEmpty()) {
                write(leases.with(ip, sandbox));
            }
            return null;
        });
    }

    /** Forgets the sandbox's addresses but KEEP (an upgrade after a hand edit of its -N lines). */
    public void keepOnly(String sandbox, java.util.Set<Ipv4> keep) throws IOException {
        locked(() -> {
            Leases leases = read();
            Leases kept = leases;
            for (Ipv4 ip : leases.addressesOf(sandbox)) {
                if (!keep.contains(ip)) {
                    kept = kept.without(ip);
                }
            }
            if (!kept.equals(leases)) {
                write(kept);
            }
            return null;
        });
    }

    /** Forgets every address of the sandbox; true when it had one. */
    public boolean release(String sandbox) throws IOException {
        return release(leaseFile, lockFile, sandbox);
    }

    /**
     * {@link #release} on network NETWORK's lease file in LEASE_DIR, without its config: a delete
     * gives the addresses back even when a network's config is damaged.
     */
    static boolean release(Path leaseDir, String network, String sandbox) throws IOException {
        return release(leaseDir.resolve(network + ".leases"), leaseDir.resolve(network + ".lock"), sandbox);
    }

    private static boolean release(Path leaseFile, Path lockFile, String sandbox) throws IOException {
        return FileLocks.locked(lockFile, () -> {
            AtomicFiles.removeLeftover(leaseFile);
            Leases leases = read(leaseFile);
            if (leases.addressesOf(sandbox).isEmpty()) {
                return false;
            }
            AtomicFiles.write(leaseFile, leases.without(sandbox).render(), "rw-r--r--");
            return true;
        });
    }

    public Leases leases() throws IOException {
        return locked(this::read);
    }

    /** Runs body under this network's lock (also used by NetworkStore to delete the network). */
    <T> T locked(FileLocks.Body<T> body) throws IOException {
        Files.createDirectories(lockFile.getParent());
        return FileLocks.locked(lockFile, () -> {
            AtomicFiles.removeLeftover(leaseFile);   // a killed writer's: nobody else writes it now
            return body.run();
        });
    }

    Leases read() throws IOException {
        return read(leaseFile);
    }

    private static Leases read(Path leaseFile) throws IOException {
        try {
            return Leases.parse(Files.readString(leaseFile, StandardCharsets.UTF_8), leaseFile.toString());
        } catch (NoSuchFileException e) {
            return new Leases(Map.of());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NetworkException(leaseFile + ":1: not text — restore the file or remove the lines that are "
                    + "not 'IP SANDBOX'");
        }
    }

    /** With the network's config (under its lock and the store's): the leases, a killed writer's copy, the lock file. */
    void deleteFiles() throws IOException {
        Files.deleteIfExists(leaseFile);
        AtomicFiles.removeLeftover(leaseFile);
        Files.deleteIfExists(lockFile);
    }

    private void write(Leases leases) throws IOException {
        AtomicFiles.write(leaseFile, leases.render(), "rw-r--r--");
    }
}
