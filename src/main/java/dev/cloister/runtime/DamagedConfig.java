package dev.cloister.runtime;

import dev.cloister.security.IdentityAllocator.Identity;
import dev.cloister.spec.SandboxConfig;
import dev.cloister.spec.SecurityLevel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The identity of a sandbox whose config does not parse: its {@code Level=} and {@code UidBase=}
 * lines read on their own, the uid base from its compiled plan when that line is the damaged
 * one. A damaged file must neither stop a create nor give its sandbox's ids to another.
 */
final class DamagedConfig {
    private DamagedConfig() {
    }

    /** Empty when not even the uid base can be found; the level is null when its line is unreadable. */
    static Optional<Identity> identity(Path config, Path plan) {
        SecurityLevel level = null;
        Long uidBase = null;
        for (String line : lines(config)) {
            String l = line.strip();
            try {
                if (l.startsWith("Level=")) {
                    level = SecurityLevel.parse(l.substring(6));
                } else if (l.startsWith("UidBase=")) {
                    uidBase = SandboxConfig.requireValidUidBase(Long.parseLong(l.substring(8).strip()));
                }
            } catch (IllegalArgumentException unreadable) {
                // that line is damaged too
            }
        }
        if (uidBase == null) {
            for (String line : lines(plan)) {
                String[] f = line.split(" ");
                if (f.length == 4 && f[0].equals("userns")) {
                    try {
                        uidBase = Long.parseLong(f[2]);
                    } catch (NumberFormatException unreadable) {
                        // no uid base anywhere
                    }
                }
            }
        }
        return uidBase == null ? Optional.empty() : Optional.of(new Identity(level, uidBase));
    }

    /** The file's lines as bytes (ISO-8859-1 never fails), or none. */
    private static List<String> lines(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
