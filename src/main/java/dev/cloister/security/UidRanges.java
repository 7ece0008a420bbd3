package dev.cloister.security;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The host-wide registry of sandbox uid ranges, shared by every cloister instance on the host
 * (whatever its CLOISTER_ROOT: the kernel's uids are one namespace): one claim file per range,
 * {@code REGISTRY/BASE-IN-HEX}, naming the instance and the sandbox that holds it, written under
 * a host-wide lock. Ranges start at {@link IdentityAllocator#FIRST_UID_BASE}, past systemd's
 * container ranges (524288…1879048191, where systemd-nspawn picks), below systemd's foreign
 * range (0x7FFE0000) and 2^31 (systemd's docs/UIDS-GIDS.md: "handle with care"), and a range that
 * /etc/subuid, /etc/subgid, /etc/passwd or /etc/group already uses is skipped.
 *
 * <p>A claim is stale, and given to the next create, when its instance is gone, when its sandbox's
 * config names another range, or when no config appeared within {@link #CREATE_GRACE} (a create
 * killed before it wrote one).
 */
public final class UidRanges {
    /** Not under CLOISTER_ROOT on purpose: every instance must see every other's claims. */
    public static final Path HOST_REGISTRY = Path.of("/var/lib/cloister-uid-ranges");
    static final Duration CREATE_GRACE = Duration.ofHours(1);
    private static final Pattern UID_BASE = Pattern.compile("(?m)^\\s*UidBase\\s*=\\s*(\\d+)\\s*$");

    /** Who holds a range: a sandbox of one instance (its CLOISTER_ROOT, "/" by default). */
    public record Holder(Path instance, String name) {
        String line() {
            return instance + "\t" + name + "\n";
        }

        static Optional<Holder> parse(String text) {
            String[] f = text.strip().split("\t");
            return f.length == 2 ? Optional.of(new Holder(Path.of(f[0]), f[1])) : Optional.empty();
        }

        Path config() {
            return instance.resolve("etc/cloister").resolve(name + ".conf");
        }

        @Override
        public String toString() {
            return "'" + name + "'" + (instance.getNameCount() == 0 ? "" : " of the instance at " + instance);
        }
    }

    private final Path registry;
    private final Path hostRoot;

    public UidRanges(Path registry, Path hostRoot) {
        this.registry = registry;
        this.hostRoot = hostRoot;
    }

    public static UidRanges forHost() {
        return new UidRanges(HOST_REGISTRY, Path.of("/"));
    }

    /** Claims the lowest range nobody on the host holds or uses, skipping {@code taken} (this instance's). */
    public long claim(Holder holder, Set<Long> taken) throws IOException {
        return locked(() -> {
            for (long base = IdentityAllocator.FIRST_UID_BASE; base <= IdentityAllocator.LAST_UID_BASE;
                 base += IdentityAllocator.RANGE) {
                if (!taken.contains(base) && holderOf(base).isEmpty() && hostUse(base).isEmpty()) {
                    write(base, holder);
                    return base;
                }
            }
            throw new IllegalStateException("every uid range of this host is in use (" + registry
                    + "): delete unused sandboxes");
        });
    }

    /**
     * A config's range must be its own: a free one is claimed now (sandboxes from before the
     * registry), one that another live sandbox holds is refused, saying who holds it.
     */
    public void confirm(Holder holder, long base) throws IOException {
        locked(() -> {
            Optional<Holder> current = holderOf(base);
            if (current.isPresent() && !current.get().equals(holder)) {
                throw new IllegalArgumentException("UidBase=" + base + " (0x" + Long.toHexString(base) + ") of '"
                        + holder.name() + "' is the uid range of sandbox " + current.get() + ": two sandboxes would"
                        + " run as the same host uids. Put back this sandbox's own UidBase in its config");
            }
            if (current.isEmpty()) {
                write(base, holder);
            }
            return null;
        });
    }

    /** Gives the range back (delete, a failed create); only its holder can. */
    public void release(Holder holder, long base) throws IOException {
        locked(() -> {
            if (read(base).filter(holder::equals).isPresent()) {
                Files.deleteIfExists(file(base));
            }
            return null;
        });
    }

    /** Gives back every range HOLDER holds (delete: whatever its config said, even if unreadable now). */
    public void releaseAll(Holder holder) throws IOException {
        locked(() -> {
            try (var claims = Files.list(registry)) {
                for (Path f : claims.filter(f -> f.getFileName().toString().matches("[0-9a-f]{8}")).toList()) {
                    if (Holder.parse(Files.readString(f)).filter(holder::equals).isPresent()) {
                        Files.deleteIfExists(f);
                    }
                }
            }
            return null;
        });
    }

    /** The live holder of BASE, if any (stale claims count as none). */
    Optional<Holder> holderOf(long base) throws IOException {
        Optional<Holder> h = read(base);
        if (h.isEmpty() || !Files.isDirectory(h.get().instance())) {
            return Optional.empty();
        }
        Path config = h.get().config();
        if (!Files.exists(config, LinkOption.NOFOLLOW_LINKS)) {
            FileTime claimed = Files.getLastModifiedTime(file(base));
            boolean creating = claimed.toInstant().isAfter(Instant.now().minus(CREATE_GRACE));
            return creating ? h : Optional.empty();
        }
        Matcher m = UID_BASE.matcher(Files.readString(config));
        // an unreadable config keeps its claim: never hand out a range that may be in use
        return !m.find() || Long.parseLong(m.group(1)) == base ? h : Optional.empty();
    }

    /** What else on the host uses ids of the range starting at BASE. */
    Optional<String> hostUse(long base) throws IOException {
        long end = base + IdentityAllocator.RANGE;
        for (String file : List.of("etc/subuid", "etc/subgid")) {
            for (String line : lines(file)) {
                String[] f = line.split(":");
                if (f.length == 3 && f[1].matches("\\d+") && f[2].matches("\\d+")) {
                    long from = Long.parseLong(f[1]);
                    if (from < end && from + Long.parseLong(f[2]) > base) {
                        return Optional.of("/" + file + " gives " + f[0] + " " + f[1] + ":" + f[2]);
                    }
                }
            }
        }
        for (String file : List.of("etc/passwd", "etc/group")) {
            for (String line : lines(file)) {
                String[] f = line.split(":");
                if (f.length > 2 && f[2].matches("\\d+")) {
                    long id = Long.parseLong(f[2]);
                    if (id >= base && id < end) {
                        return Optional.of("/" + file + " has " + f[0] + " with id " + id);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private List<String> lines(String file) throws IOException {
        Path p = hostRoot.resolve(file);
        return Files.isRegularFile(p) ? Files.readAllLines(p) : new ArrayList<>();
    }

    private Optional<Holder> read(long base) throws IOException {
        try {
            return Holder.parse(Files.readString(file(base)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private void write(long base, Holder holder) throws IOException {
        Path tmp = registry.resolve(".claim.tmp");
        Files.writeString(tmp, holder.line());
        Files.move(tmp, file(base), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path file(long base) {
        return registry.resolve(String.format("%08x", base));
    }

    private interface Action<T> {
        T run() throws IOException;
    }

    private <T> T locked(Action<T> action) throws IOException {
        if (!Files.isDirectory(registry)) {
            Files.createDirectories(registry, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try (FileChannel ch = FileChannel.open(registry.resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            return action.run();
        }
    }
}
