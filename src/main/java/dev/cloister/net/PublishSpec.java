package dev.cloister.net;

import java.util.Optional;

/** {@code --publish [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]}: forward a host port to the sandbox. */
public record PublishSpec(Optional<Ipv4> hostIp, int hostPort, int port, String protocol) {

    public static PublishSpec parse(String text) {
        String body = text;
        String protocol = "tcp";
        int slash = text.lastIndexOf('/');
        if (slash >= 0) {
            protocol = text.substring(slash + 1);
            body = text.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new NetworkException("--publish " + text + ": protocol must be tcp or udp");
            }
        }
        String[] f = body.split(":", -1);
        if (f.length < 2 || f.length > 3) {
            throw new NetworkException("--publish " + text + ": want [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]");
        }
        try {
            Optional<Ipv4> ip = f.length == 3 ? Optional.of(Ipv4.parse(f[0])) : Optional.empty();
            return new PublishSpec(ip, port(f[f.length - 2]), port(f[f.length - 1]), protocol);
        } catch (NetworkException e) {
            throw new NetworkException("--publish " + text + ": " + e.getMessage());
        }
    }

    private static int port(String s) {
        if (!s.matches("[1-9][0-9]{0,4}") || Integer.parseInt(s) > 65535) {
            throw new NetworkException("'" + s + "' is not a port (1-65535)");
        }
        return Integer.parseInt(s);
    }
}
