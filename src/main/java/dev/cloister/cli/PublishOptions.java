package dev.cloister.cli;

import dev.cloister.net.PublishSpec;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code --publish [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]} (repeatable): forward a host port to the sandbox. */
final class PublishOptions {
    @Option(names = "--publish", paramLabel = "[HOSTIP:]HOSTPORT:PORT[/PROTO]", description = "forward the host's "
            + "HOSTPORT (on HOSTIP, default every local address) to the sandbox's PORT, tcp (default) or udp; "
            + "repeatable. Active while the sandbox runs.")
    List<String> publish = new ArrayList<>();

    /** The specs as given, each checked now so that a typo fails before anything is created. */
    List<String> specs() {
        publish.forEach(PublishSpec::parse);
        return List.copyOf(publish);
    }
}
