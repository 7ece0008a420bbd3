package dev.cloister.cli;

import dev.cloister.spec.MountRequest;
import dev.cloister.spec.Quantities;

import java.util.List;

/** The original's -m syntax: host-bind:DST=SRC and ram:DST=SIZE. */
final class MountOptions {
    private MountOptions() {
    }

    static List<MountRequest> parse(List<String> specs) {
        return specs.stream().map(MountOptions::parseOne).toList();
    }

    static MountRequest parseOne(String spec) {
        int colon = spec.indexOf(':');
        int eq = spec.indexOf('=');
        if (colon < 0 || eq < colon) {
            throw new IllegalArgumentException("-m '" + spec + "': write host-bind:DST=SRC or ram:DST=SIZE");
        }
        String type = spec.substring(0, colon);
        String dst = spec.substring(colon + 1, eq);
        String value = spec.substring(eq + 1);
        if (!dst.startsWith("/")) {
            throw new IllegalArgumentException("-m '" + spec + "': the destination must be an absolute path");
        }
        return switch (type) {
            case "host-bind" -> {
                if (!value.startsWith("/")) {
                    throw new IllegalArgumentException("-m '" + spec + "': the host source must be an absolute path");
                }
                yield new MountRequest.HostBind(dst, value);
            }
            case "ram" -> new MountRequest.Ram(dst, Quantities.parseSize(value));
            case "guest-bind", "host-image", "guest-image" -> throw new IllegalArgumentException("-m " + type
                    + " is not supported: use host-bind:DST=SRC (a host directory) or ram:DST=SIZE");
            default -> throw new IllegalArgumentException("-m '" + spec + "': unknown type '" + type
                    + "' (use host-bind or ram)");
        };
    }
}
