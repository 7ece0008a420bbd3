package dev.cloister.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

/** Random valid configs for property tests: every value is drawn across its whole legal range. */
final class RandomConfigs {
    private static final String NAME_CHARS = "abcxyzABC0189-_.";
    private static final String UNIT_CHARS = "abcxyzABC0189:_.\\@-";
    private static final String PACKAGE_CHARS = "abcxyzABC0189_+.:~-";
    private static final String PATH_CHARS = "abcxyz09-_. =é日";
    private static final String TEXT_CHARS = "abc xyz=#;[]\"'\\\t$%é日😀";

    private final Random random;

    RandomConfigs(long seed) {
        random = new Random(seed);
    }

    SandboxConfig next() {
        boolean service = random.nextBoolean();
        int first = random.nextInt(SecurityLevel.MAX_CATEGORY);
        SecurityLevel level = new SecurityLevel(first,
                random.nextBoolean() ? -1 : first + 1 + random.nextInt(SecurityLevel.MAX_CATEGORY - first));
        return new SandboxConfig(
                name(),
                service ? List.of() : list(1, 6, () -> CommandLineQuotingTest.randomWord(random)),
                service ? list(1, 4, () -> word(UNIT_CHARS, 1, 40)) : List.of(),
                list(0, 4, () -> word("abc0_", 1, 1) + word(PACKAGE_CHARS, 0, 30)),
                random.nextBoolean(),
                level,
                random.nextBoolean() ? Optional.of("system_u:system_r:svirt_lxc_net_t:" + level) : Optional.empty(),
                (1 + random.nextInt(65534)) * SandboxConfig.UID_RANGE,
                limits(),
                mounts(),
                list(0, 3, () -> text(random.nextInt(1, 30))),
                list(0, 2, () -> (random.nextBoolean() ? "127.0.0.1:" : "") + random.nextInt(1, 65536) + ":"
                        + random.nextInt(1, 65536) + (random.nextBoolean() ? "/udp" : "")));
    }

    private String name() {
        String name;
        do {
            name = word("abc019", 1, 1) + word(NAME_CHARS, 0, 62);
        } while (name.contains(".."));
        return name;
    }

    private Limits limits() {
        return new Limits(
                random.nextBoolean() ? OptionalLong.of(random.nextLong(Limits.MIN_MEMORY_BYTES, Long.MAX_VALUE))
                        : OptionalLong.empty(),
                random.nextBoolean() ? OptionalLong.of(random.nextLong(10, Limits.MAX_CPU_MILLIS + 1))
                        : OptionalLong.empty(),
                random.nextBoolean() ? OptionalInt.of(random.nextInt(1, 10_001)) : OptionalInt.empty(),
                random.nextBoolean() ? OptionalLong.of(random.nextLong(1, Long.MAX_VALUE)) : OptionalLong.empty(),
                random.nextBoolean() ? OptionalInt.of(random.nextInt(1, 10_001)) : OptionalInt.empty(),
                random.nextBoolean() ? OptionalLong.of(random.nextLong(Limits.MIN_STORAGE_BYTES, Long.MAX_VALUE))
                        : OptionalLong.empty());
    }

    private List<MountRequest> mounts() {
        Set<String> targets = new HashSet<>();
        List<MountRequest> mounts = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            String target = path().replace('=', '+');
            if (targets.add(target)) {
                mounts.add(random.nextBoolean() ? new MountRequest.HostBind(target, path())
                        : new MountRequest.Ram(target, random.nextLong(1, Long.MAX_VALUE)));
            }
        }
        return mounts;
    }

    /** An absolute, normalized path that does not end in white space. */
    private String path() {
        StringBuilder b = new StringBuilder();
        for (int i = random.nextInt(1, 5); i > 0; i--) {
            String component = word(PATH_CHARS, 1, 10);
            b.append('/').append(component.equals(".") || component.equals("..") ? "d" : component);
        }
        return b.toString().strip().equals(b.toString()) ? b.toString() : b + "x";
    }

    /** Free text for Network=: anything that fits on a line and does not start or end with white space. */
    private String text(int length) {
        String t = word(TEXT_CHARS, length, length).strip();
        return t.isEmpty() ? "dhcp" : t;
    }

    private String word(String alphabet, int min, int max) {
        StringBuilder b = new StringBuilder();
        int[] codePoints = alphabet.codePoints().toArray();
        for (int i = random.nextInt(min, max + 1); i > 0; i--) {
            b.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
        }
        return b.toString();
    }

    private <T> List<T> list(int min, int max, Supplier<T> element) {
        List<T> list = new ArrayList<>();
        for (int i = random.nextInt(min, max + 1); i > 0; i--) {
            list.add(element.get());
        }
        return list;
    }
}
