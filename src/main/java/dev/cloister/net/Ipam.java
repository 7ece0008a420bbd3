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

    /** Records a static address inside this network's subnet so IPAM never hands it to another sandbox. */
    public void reserve(String sandbox, Ipv4 ip) throws IOException {
        if (!network.subnet().contains(ip)) {
            return;   // outside the subnet: nothing of ours to collide with
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
        locked(() -> {
            Leases leases = read();
            String owner = leases.owner(ip).orElse(sandbox);
            if (!owner.equals(sandbox)) {
                throw new NetworkException(ip + " on network " + network.name() + " is already used by sandbox " + owner);
            }
            write(leases.with(ip, sandbox));
            return null;
        });
    }

    /** Forgets every address of the sandbox; true when it had one. */
    public boolean release(String sandbox) throws IOException {
        return locked(() -> {
            Leases leases = read();
            if (leases.addressesOf(sandbox).isEmpty()) {
                return false;
            }
            write(leases.without(sandbox));
            return true;
        });
    }

    public Leases leases() throws IOException {
        return locked(this::read);
    }

    /** Runs body under this network's lock (also used by NetworkStore to delete the network). */
    <T> T locked(FileLocks.Body<T> body) throws IOException {
        Files.createDirectories(lockFile.getParent());
        return FileLocks.locked(lockFile, body);
    }

    Leases read() throws IOException {
        try {
            return Leases.parse(Files.readString(leaseFile, StandardCharsets.UTF_8), leaseFile.toString());
        } catch (NoSuchFileException e) {
            return new Leases(Map.of());
        }
    }

    void deleteFiles() throws IOException {
        Files.deleteIfExists(leaseFile);
    }

    private void write(Leases leases) throws IOException {
        AtomicFiles.write(leaseFile, leases.render(), "rw-r--r--");
    }
}
