package dev.cloister.net;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a host port now: a socket bound to it in /proc/net/{tcp,tcp6} or {udp,udp6}, and the
 * process with that socket open (a host service, or another sandbox's monitor holding its
 * published port). What {@code create} checks; {@code start} binds the port itself (the helper's
 * publish-hold), which no check can race.
 */
public final class PortHolders {
    private final Path proc;

    public PortHolders(Path proc) {
        this.proc = proc;
    }

    public static PortHolders ofHost() {
        return new PortHolders(Path.of("/proc"));
    }

    /** "pid N (comm)" or "sandbox NAME (its monitor, pid N)" of a socket bound to PORT, if any. */
    public Optional<String> holder(String protocol, int port) throws IOException {
        for (String table : List.of(protocol, protocol + "6")) {
            Path file = proc.resolve("net").resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 10) {
                    continue;
                }
                String local = f[1];
                int p = Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16);
                if (p == port && !f[9].equals("0")) {
                    return Optional.of(process("socket:[" + f[9] + "]").orElse("a process cloister cannot see"));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> process(String socket) throws IOException {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(proc, "[1-9]*")) {
            for (Path p : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(p.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (Files.readSymbolicLink(fd).toString().equals(socket)) {
                            return Optional.of(describe(p));
                        }
                    }
                } catch (IOException gone) {
                    // ended while we looked, or not ours to read
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(Path p) throws IOException {
        String cmdline = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
        int meta = cmdline.indexOf("/.meta/");
        int plan = meta < 0 ? -1 : cmdline.indexOf("/start.plan", meta);
        if (cmdline.contains("cloister-helper start ") && plan > 0) {
            return "sandbox " + cmdline.substring(meta + 7, plan) + " (its monitor, pid " + p.getFileName() + ")";
        }
        return "pid " + p.getFileName() + " (" + Files.readString(p.resolve("comm")).strip() + ")";
    }
}
