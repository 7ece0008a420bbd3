package dev.cloister.service;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A file the host keeps private (not world-readable, shipped by no package) that the service
 * would see, and what the sandbox gets in its place: never the host's own.
 *
 * @param path   absolute, the same inside and on the host
 * @param kind   what the sandbox gets
 * @param of     for a certificate or a public key: the replaced private key it belongs to
 * @param shared whether the path lies in a read-only host share (the replacement is bound over
 *               it from the tree's {@code .secrets/}) rather than in the sandbox's own tree
 * @param uid    owner, group and mode of the host's file: the replacement's
 */
public record SandboxSecret(Path path, Kind kind, Optional<Path> of, boolean shared, int uid, int gid, int mode) {

    public enum Kind {
        /** An OpenSSH private key: a new one of the same type and size. */
        SSH_KEY("its own OpenSSH key of the same type"),
        /** The .pub of a replaced OpenSSH key: the new key's. */
        SSH_PUBLIC_KEY("the public half of its own key"),
        /** A PEM private key (PKCS#1, PKCS#8, SEC1): a new one of the same algorithm and size. */
        PEM_KEY("its own private key of the same algorithm"),
        /** A certificate of a replaced key: a self-signed one for the new key and the sandbox's name. */
        CERTIFICATE("a self-signed certificate for its own key"),
        /** Anything else: nothing (an empty file over a shared one). */
        WITHHELD("nothing (an empty file where the host's is shared)");

        private final String gets;

        Kind(String gets) {
            this.gets = gets;
        }

        public String gets() {
            return gets;
        }
    }

    /** Outside the tree directories the sandbox sees: only the plan's binds show what is kept here. */
    public static final String SHARED_DIR = ".secrets";

    /** Where the sandbox's replacement lives in TREE: in place, or in .secrets/ for a bind over a host share. */
    public Path location(Path tree) {
        String rel = path.toString().substring(1);
        return shared ? tree.resolve(SHARED_DIR).resolve(rel) : tree.resolve(rel);
    }

    /** The line create and inspect show. */
    public String note() {
        String what = of.map(key -> "the host's " + path + " belongs to its private " + key)
                .orElse("the host's " + path + " is private to the host (not world-readable, shipped by no package)");
        return what + ": the sandbox gets " + kind.gets() + (kind == Kind.WITHHELD ? "" : ", generated at create")
                + ", never the host's";
    }
}
