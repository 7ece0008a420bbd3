package dev.cloister.net;

import java.nio.file.Path;

/** Run in a separate JVM by IpamTest: allocates for PREFIX-0..PREFIX-(N-1), printing "name ip". */
public final class IpamWorker {
    private IpamWorker() {
    }

    public static void main(String[] args) throws Exception {
        Ipam ipam = new Ipam(Path.of(args[0]), NetworkConfig.of("lab", Cidr.parse(args[1])));
        for (int i = 0; i < Integer.parseInt(args[3]); i++) {
            System.out.println(args[2] + "-" + i + " " + ipam.allocate(args[2] + "-" + i));
        }
    }
}
