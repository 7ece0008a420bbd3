package dev.cloister.tree;

import dev.cloister.net.NetworkSpec;
import dev.cloister.net.VethNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A service sandbox with {@code -N dhcp}: systemd-networkd inside asks cloister's DHCP server
 * for host0's address, so the sandbox's systemd brings the interface up like any machine's.
 */
public final class NetworkdConfig {
    private NetworkdConfig() {
    }

    public static void write(Path tree, List<String> networkOptions) throws IOException {
        List<NetworkSpec> specs = NetworkSpec.parseAll(networkOptions);
        boolean any = false;
        int nic = 0;
        for (NetworkSpec spec : specs) {
            if (!(spec instanceof NetworkSpec.Interface i)) {
                continue;
            }
            if (i.dhcp()) {
                String peer = VethNames.peer(nic);
                Path dir = Files.createDirectories(tree.resolve("etc/systemd/network"));
                Files.writeString(dir.resolve("80-cloister-" + peer + ".network"),
                        "# Written by cloister: -N dhcp gives " + peer + " its address from the network's DHCP server.\n"
                                + "[Match]\nName=" + peer + "\n\n[Network]\nDHCP=ipv4\n");
                any = true;
            }
            nic++;
        }
        if (any) {
            Path wants = Files.createDirectories(tree.resolve("etc/systemd/system/multi-user.target.wants"));
            Path link = wants.resolve("systemd-networkd.service");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, Path.of("/lib/systemd/system/systemd-networkd.service"));
        }
    }
}
