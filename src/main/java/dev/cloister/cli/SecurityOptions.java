package dev.cloister.cli;

import dev.cloister.spec.SecurityLevel;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

import java.util.Optional;

/** -l/--level and the original's -s/--security static|dynamic|inherit[,label=U:R:T:LEVEL]. */
record SecurityOptions(String level, String security) {

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.value("LEVEL", "static MCS level, e.g. s0:c1,c2 (default: a free random one)",
                "-l", "--level"));
        spec.addOption(Specs.value("SPEC", "static,label=USER:ROLE:TYPE:LEVEL | dynamic | inherit",
                "-s", "--security"));
    }

    static SecurityOptions from(ParseResult parsed) {
        return new SecurityOptions(parsed.matchedOptionValue("--level", null),
                parsed.matchedOptionValue("--security", null));
    }

    Optional<SecurityLevel> chosenLevel() {
        Optional<String> fromLabel = labelLevel();
        if (level != null && fromLabel.isPresent() && !fromLabel.get().equals(level)) {
            throw new IllegalArgumentException("-l " + level + " and the level of -s label (" + fromLabel.get()
                    + ") differ: give one of them");
        }
        String chosen = level != null ? level : fromLabel.orElse(null);
        return chosen == null ? Optional.empty() : Optional.of(SecurityLevel.parse(chosen));
    }

    Optional<String> selinuxLabel() {
        return securityParts().label;
    }

    private Optional<String> labelLevel() {
        return securityParts().label.map(label -> {
            String[] parts = label.split(":", 4);
            if (parts.length < 4) {
                throw new IllegalArgumentException("label '" + label + "' must be USER:ROLE:TYPE:LEVEL, e.g. "
                        + "system_u:system_r:svirt_lxc_net_t:s0:c1,c2");
            }
            return parts[3];
        });
    }

    private record Parts(String mode, Optional<String> label) {
    }

    private Parts securityParts() {
        if (security == null) {
            return new Parts("dynamic", Optional.empty());
        }
        String[] fields = security.split(",", 2);
        String mode = fields[0];
        Optional<String> label = fields.length > 1 && fields[1].startsWith("label=")
                ? Optional.of(fields[1].substring("label=".length())) : Optional.empty();
        switch (mode) {
            case "static" -> {
                if (label.isEmpty() && level == null) {
                    throw new IllegalArgumentException("-s static needs label=USER:ROLE:TYPE:LEVEL (or use -l LEVEL)");
                }
            }
            case "dynamic" -> {
                if (label.isPresent()) {
                    throw new IllegalArgumentException("-s dynamic takes no label: use -s static,label=... instead");
                }
            }
            case "inherit" -> throw new IllegalArgumentException("-s inherit is not supported: a sandbox never runs "
                    + "with the caller's label; use dynamic (default) or static");
            default -> throw new IllegalArgumentException("-s '" + security + "': use static,label=U:R:T:LEVEL or dynamic");
        }
        return new Parts(mode, label);
    }
}
