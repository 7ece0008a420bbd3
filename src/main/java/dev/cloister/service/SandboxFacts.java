package dev.cloister.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What specifiers may know about the sandbox a unit will run in. The machine id is the sandbox's
 * own (empty while it has not been generated yet); the kernel is the host's, shared by every sandbox.
 */
public record SandboxFacts(String name, Optional<String> machineId, String kernelRelease, String architecture) {

    public static SandboxFacts of(String name, Path hostRoot) {
        return new SandboxFacts(name, Optional.empty(), kernelRelease(hostRoot), systemdArchitecture());
    }

    private static String kernelRelease(Path hostRoot) {
        try {
            return Files.readString(hostRoot.resolve("proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            // A fake root has no /proc; this JVM runs on the same kernel.
            return System.getProperty("os.version");
        }
    }

    /** systemd's architecture names (systemd-detect-virt --list-architectures), from the JVM's. */
    private static String systemdArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86-64";
            case "x86", "i386", "i686" -> "x86";
            case "aarch64" -> "arm64";
            case "ppc64le" -> "ppc64-le";
            default -> arch;
        };
    }
}
