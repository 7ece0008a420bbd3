package dev.cloister.net;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the network ops of a plan need from the host: the lock every monitor takes around bridge
 * changes, the directory of DHCP pid/lease files, and the programs the helper runs (found here,
 * at compile time, so the helper never searches a PATH).
 */
public record HostTools(Path netLock, Path netRunDir, Optional<Path> nft, Optional<Path> dnsmasq) {

    private static final List<String> DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    /** Under runtime ($CLOISTER_ROOT/run/cloister): .network.lock and .networks/. */
    public static HostTools probe(Path runtime) {
        return new HostTools(runtime.resolve(".network.lock"), runtime.resolve(".networks"), find("nft"),
                find("dnsmasq"));
    }

    static Optional<Path> find(String program) {
        return DIRS.stream().map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst()
                .map(p -> {
                    try {
                        return p.toRealPath();
                    } catch (java.io.IOException e) {
                        return p;
                    }
                });
    }

    Path requireNft(String why) {
        return nft.orElseThrow(() -> new NetworkException(why + " needs nftables, and nft is not installed: "
                + "apt-get install nftables"));
    }

    Path requireDnsmasq(String why) {
        return dnsmasq.orElseThrow(() -> new NetworkException(why + " needs dnsmasq as the network's DHCP server, "
                + "and it is not installed: apt-get install dnsmasq-base"));
    }
}
