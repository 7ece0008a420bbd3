package dev.cloister.tree;

import dev.cloister.service.SandboxSecret;
import dev.cloister.service.ServiceLayout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the sandbox's own replacements of the host's private files ({@link SandboxSecret}), at
 * create and again for a clone (which must not share its source's keys): new keys of the same
 * kind as the host's (ssh-keygen, openssl from the host's /usr), the public halves and
 * self-signed certificates that go with them, empty files for what is only withheld. A file in
 * the sandbox's tree is written in place; one in a read-only host share goes to the tree's
 * {@code .secrets/} ({@link SandboxSecret#location}), from where the plan binds it over the host's.
 */
public final class SecretFiles {
    private static final Pattern SSH_TYPE = Pattern.compile("^(\\d+) \\S+ .*\\((\\w+)\\)\\s*$");
    private static final Pattern PEM_BITS = Pattern.compile("\\((\\d+) bit");
    private static final Pattern PEM_CURVE = Pattern.compile("(?m)^(?:ASN1 OID|NIST CURVE): (\\S+)");

    private SecretFiles() {
    }

    public static void write(ServiceLayout layout, Path hostRoot, Path tree, String sandbox) throws IOException {
        if (layout.secrets().isEmpty()) {
            return;
        }
        Path work = Files.createDirectories(tree.resolve(SandboxSecret.SHARED_DIR).resolve(".new"));
        Files.setPosixFilePermissions(tree.resolve(SandboxSecret.SHARED_DIR), PosixFilePermissions.fromString("rwx------"));
        Map<Path, Path> newKeys = new HashMap<>();
        try {
            List<SandboxSecret> ordered = new ArrayList<>(layout.secrets());
            ordered.sort((a, b) -> Boolean.compare(a.of().isPresent(), b.of().isPresent())); // keys first
            for (SandboxSecret s : ordered) {
                Path host = hostRoot.resolve(s.path().toString().substring(1));
                Path made = work.resolve(Integer.toString(newKeys.size()) + "-" + s.path().getFileName());
                switch (s.kind()) {
                    case SSH_KEY -> sshKey(host, made, sandbox);
                    case PEM_KEY -> pemKey(host, made);
                    case SSH_PUBLIC_KEY -> Files.copy(Path.of(newKeys.get(s.of().orElseThrow()) + ".pub"), made);
                    case CERTIFICATE -> certificate(newKeys.get(s.of().orElseThrow()), made, sandbox);
                    case WITHHELD -> Files.createFile(made);
                }
                newKeys.put(s.path(), made);
                // a clone's tree is its source's, shaped by root inside: no link on the way is followed
                Path target = s.location(tree);
                TreePaths.realDirectory(tree, tree.relativize(target.getParent()).toString());
                if (s.kind() == SandboxSecret.Kind.WITHHELD && !s.shared()) {
                    SafeDelete.deleteTree(target); // nothing at all where the sandbox owns the directory
                    continue;
                }
                Files.copy(made, target, StandardCopyOption.REPLACE_EXISTING);
                Files.setAttribute(target, "unix:uid", s.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(target, "unix:gid", s.gid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(target, "unix:mode", s.mode(), LinkOption.NOFOLLOW_LINKS);
            }
        } finally {
            SafeDelete.deleteTree(work);
        }
    }

    /** A new OpenSSH key of the host key's type and size ("256 SHA256:… comment (ED25519)"). */
    private static void sshKey(Path hostKey, Path out, String sandbox) throws IOException {
        String line = run(List.of("ssh-keygen", "-l", "-f", hostKey.toString()));
        Matcher m = SSH_TYPE.matcher(line.strip());
        if (!m.matches()) {
            throw new IOException("cannot tell the type of " + hostKey + " from ssh-keygen: " + line.strip());
        }
        String type = m.group(2).toLowerCase();
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", "", "-C", "root@" + sandbox,
                "-f", out.toString()));
        if (type.equals("rsa") || type.equals("ecdsa")) {
            cmd.addAll(List.of("-b", m.group(1)));
        }
        run(cmd);
    }

    /** A new PEM key of the host key's algorithm and size (openssl's text dump names them). */
    private static void pemKey(Path hostKey, Path out) throws IOException {
        String text = run(List.of("openssl", "pkey", "-in", hostKey.toString(), "-noout", "-text"));
        String first = text.lines().findFirst().orElse("");
        List<String> cmd = new ArrayList<>(List.of("openssl", "genpkey", "-out", out.toString()));
        Matcher curve = PEM_CURVE.matcher(text);
        Matcher bits = PEM_BITS.matcher(first);
        if (first.startsWith("ED25519") || first.startsWith("ED448")) {
            cmd.addAll(List.of("-algorithm", first.substring(0, first.indexOf(' '))));
        } else if (curve.find()) {
            cmd.addAll(List.of("-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve.group(1)));
        } else if (bits.find() && text.contains("modulus:")) {
            cmd.addAll(List.of("-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:" + bits.group(1)));
        } else {
            throw new IOException("cannot tell the algorithm of " + hostKey + " from openssl: " + first);
        }
        run(cmd);
    }

    /** A self-signed certificate of KEY for the sandbox's name (its hostname). */
    private static void certificate(Path key, Path out, String sandbox) throws IOException {
        run(List.of("openssl", "req", "-new", "-x509", "-key", key.toString(), "-out", out.toString(), "-days", "3650",
                "-subj", "/CN=" + sandbox, "-addext", "subjectAltName=DNS:" + sandbox));
    }

    private static String run(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException(command.getFirst() + " is needed to give the sandbox keys of its own: " + e.getMessage(), e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroy();
            throw new IOException("interrupted while generating the sandbox's keys", e);
        }
        return out;
    }
}
