package dev.cloister.net;

import java.nio.file.Path;
import java.util.List;

/**
 * The dnsmasq command serving DHCP (only) on a network's bridge for {@code -N dhcp} interfaces.
 * It hands out the network's DHCP range, which IPAM never uses, so the two cannot clash.
 * dnsmasq daemonises and writes pidFile; the caller stops it by that pid.
 */
public record DhcpServer(NetworkConfig network, Path pidFile, Path leaseFile) {

    public List<String> command() {
        return List.of("dnsmasq",
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
                "--dhcp-leasefile=" + leaseFile,
                "--pid-file=" + pidFile);
    }
}
