package dev.cloister.net;

import java.nio.file.Path;
import java.util.List;

/**
 * The dnsmasq command serving DHCP (only) on a network's bridge for {@code -N dhcp} interfaces.
 * It hands out the network's DHCP range, which IPAM never uses, so the two cannot clash.
 * dnsmasq daemonises and writes pidFile; the helper finds it again by that file (and checks that
 * the process names the file in its command line) and stops it when the bridge goes away.
 */
public record DhcpServer(NetworkConfig network, Path pidFile, Path leaseFile) {

    /** The files the helper expects in its net-run-dir: BRIDGE.dhcp.pid and BRIDGE.dhcp.leases. */
    public static DhcpServer in(Path netRunDir, NetworkConfig network) {
        return new DhcpServer(network, netRunDir.resolve(network.bridge() + ".dhcp.pid"),
                netRunDir.resolve(network.bridge() + ".dhcp.leases"));
    }

    public List<String> command() {
        return command(Path.of("dnsmasq"));
    }

    public List<String> command(Path dnsmasq) {
        return List.of(dnsmasq.toString(),
                "--conf-file=/dev/null",          // ignore /etc/dnsmasq.conf: every setting is here
                "--no-hosts", "--no-resolv",
                "--port=0",                       // no DNS, DHCP only
                "--interface=" + network.bridge(),
                "--except-interface=lo",
                "--bind-interfaces",              // never answer on the host's other links
                "--dhcp-range=" + network.dhcpFirst() + "," + network.dhcpLast() + ","
                        + new Ipv4(Cidr.mask(network.subnet().prefix())) + ",12h",
                "--dhcp-option=option:router," + network.gateway(),
                "--dhcp-authoritative",
                "--no-ping",                      // the range is ours alone: no need to probe first
                "--dhcp-leasefile=" + leaseFile,
                "--pid-file=" + pidFile);
    }
}
