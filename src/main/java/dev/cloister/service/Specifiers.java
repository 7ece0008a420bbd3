package dev.cloister.service;

/**
 * Resolves systemd unit specifiers (systemd.unit(5) "SPECIFIERS") with the values they have for
 * the system manager inside the sandbox, not on the host:
 * <ul>
 * <li>%n %N %p %P %i %I %f %j %J — from the unit name; a template requested for sandbox NAME
 *     is instantiated with the escaped NAME, so %i is the escaped and %I the plain sandbox name.</li>
 * <li>%t /run, %S /var/lib, %C /var/cache, %L /var/log, %E /etc, %T /tmp, %V /var/tmp — the
 *     system manager's directories, which are private to the sandbox.</li>
 * <li>%h /root, %u root, %U 0, %g root, %G 0 — the user running the service manager, which is
 *     root inside the sandbox whatever User= says (systemd documents that User= does not apply).</li>
 * <li>%H and %l — the sandbox's hostname, which is its name (%l cut at the first dot).</li>
 * <li>%m — the sandbox's own machine id, known once it has been generated; %b — the boot id,
 *     new at every boot, so never known when planning.</li>
 * <li>%v %a — the kernel release and architecture, shared with the host.</li>
 * <li>%% — a literal %.</li>
 * </ul>
 */
public final class Specifiers {
    private final UnitName unit;
    private final SandboxFacts facts;

    public Specifiers(UnitName unit, SandboxFacts facts) {
        this.unit = unit;
        this.facts = facts;
    }

    /** Thrown when a value needs something only known at boot (%b) or not generated yet (%m). */
    public static final class UnresolvableException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        UnresolvableException(String message) {
            super(message);
        }
    }

    public String resolve(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '%' || i + 1 == value.length()) {
                out.append(c);
                continue;
            }
            out.append(expand(value.charAt(++i), value));
        }
        return out.toString();
    }

    private String expand(char specifier, String value) {
        String instance = unit.instance().orElse("");
        return switch (specifier) {
            case 'n' -> unit.fullName();
            case 'N' -> unit.stem();
            case 'p' -> unit.prefix();
            case 'P' -> UnitName.unescape(unit.prefix());
            case 'i' -> instance;
            case 'I' -> UnitName.unescape(instance);
            case 'f' -> rooted(UnitName.unescape(unit.instance().orElse(unit.prefix())));
            case 'j' -> lastDashComponent(unit.prefix());
            case 'J' -> UnitName.unescape(lastDashComponent(unit.prefix()));
            case 't' -> "/run";
            case 'S' -> "/var/lib";
            case 'C' -> "/var/cache";
            case 'L' -> "/var/log";
            case 'E' -> "/etc";
            case 'T' -> "/tmp";
            case 'V' -> "/var/tmp";
            case 'h' -> "/root";
            case 'u', 'g' -> "root";
            case 'U', 'G' -> "0";
            case 'H' -> facts.name();
            case 'l' -> facts.name().split("\\.", 2)[0];
            case 'm' -> facts.machineId().orElseThrow(() -> new UnresolvableException(
                    "'" + value + "' uses %m, the sandbox's machine id, which is not generated yet"));
            case 'b' -> throw new UnresolvableException(
                    "'" + value + "' uses %b, the boot id, which changes at every boot of the sandbox");
            case 'v' -> facts.kernelRelease();
            case 'a' -> facts.architecture();
            case '%' -> "%";
            default -> throw new UnresolvableException(
                    "'" + value + "' uses %" + specifier + ", which cloister does not know how to resolve");
        };
    }

    private static String rooted(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String lastDashComponent(String prefix) {
        return prefix.substring(prefix.lastIndexOf('-') + 1);
    }
}
