package dev.cloister.net;

import dev.cloister.os.Helper;
import dev.cloister.os.HelperProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code gc} does for the networks themselves, whether or not a sandbox is left to name
 * them: {@code cloister-helper net-release} deletes each of the instance's bridges that has no
 * port left, with its nft table and its DHCP server, so no bridge, table or dnsmasq outlives
 * the last sandbox on a network (nor a network deleted while one ran).
 */
public final class NetworkGc {
    private NetworkGc() {
    }

    /** Releases every bridge of NETWORKS and every bridge a DHCP pid file names; what failed, one line each. */
    public static List<String> releaseBridges(Helper helper, HostTools tools, List<NetworkConfig> networks)
            throws IOException {
        Map<String, String> bridges = new LinkedHashMap<>();   // bridge -> ADDR/PREFIX
        Map<String, String> tables = new LinkedHashMap<>();
        for (NetworkConfig n : networks) {
            bridges.put(n.bridge(), n.gateway() + "/" + n.subnet().prefix());
            tables.put(n.bridge(), n.bridgeTable());
        }
        for (String orphan : dhcpBridges(tools.netRunDir())) {
            bridges.putIfAbsent(orphan, "0.0.0.0/32");   // its network is gone; the address is not used to release
        }
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, String> b : bridges.entrySet()) {
            List<String> args = List.of("net-release", tools.netLock().toString(),
                    tools.netRunDir().toString(), tools.nft().map(Path::toString).orElse("-"), b.getKey(), b.getValue(),
                    tools.nft().isPresent() ? tables.getOrDefault(b.getKey(), "-") : "-");
            HelperProcess.Output out = helper.run(args);
            if (out.status() != 0) {
                failed.add(out.text().isEmpty() ? "net-release " + b.getKey() + " failed" : out.text());
            }
        }
        return failed;
    }

    /** The bridges that have (or had) a DHCP server: BRIDGE.dhcp.pid in the net run directory. */
    private static List<String> dhcpBridges(Path netRunDir) throws IOException {
        if (!Files.isDirectory(netRunDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(netRunDir)) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".dhcp.pid"))
                    .map(f -> f.substring(0, f.length() - ".dhcp.pid".length()))
                    .filter(b -> b.matches("[A-Za-z0-9_-]{1,15}")).toList();
        }
    }
}
