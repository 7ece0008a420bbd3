package dev.cloister.cli;

import dev.cloister.net.PublishSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.List;

/** {@code --publish [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]} (repeatable): forward a host port to the sandbox. */
final class PublishOptions {
    private PublishOptions() {
    }

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.repeatable("[HOSTIP:]HOSTPORT:PORT[/PROTO]", "forward the host's HOSTPORT (on HOSTIP, "
                + "default every local address) to the sandbox's PORT, tcp (default) or udp; repeatable. Active "
                + "while the sandbox runs.", "--publish"));
    }

    /** The specs as given, each checked now so that a typo fails before anything is created. */
    static List<String> from(ParseResult parsed) {
        List<String> publish = Specs.strings(parsed, "--publish");
        publish.forEach(PublishSpec::parse);
        return publish;
    }
}
