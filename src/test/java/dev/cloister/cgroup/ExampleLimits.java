package dev.cloister.cgroup;

import dev.cloister.spec.Limits;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** The limits the plan tests share: memory 512M, cpus 1.5, cpu-weight 200, pids-limit 2048, io-weight 100. */
final class ExampleLimits {
    static final Limits ALL = new Limits(OptionalLong.of(512L << 20), OptionalLong.of(1500), OptionalInt.of(200),
            OptionalLong.of(2048), OptionalInt.of(100), OptionalLong.empty());

    private ExampleLimits() {
    }

    static Limits memory(long bytes) {
        return new Limits(OptionalLong.of(bytes), OptionalLong.empty(), OptionalInt.empty(), OptionalLong.empty(),
                OptionalInt.empty(), OptionalLong.empty());
    }

    static Limits pids(long max) {
        return new Limits(OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), OptionalLong.of(max),
                OptionalInt.empty(), OptionalLong.empty());
    }

    static Limits cpus(long millis) {
        return new Limits(OptionalLong.empty(), OptionalLong.of(millis), OptionalInt.empty(), OptionalLong.empty(),
                OptionalInt.empty(), OptionalLong.empty());
    }

    static Limits ioWeight(int weight) {
        return new Limits(OptionalLong.empty(), OptionalLong.empty(), OptionalInt.empty(), OptionalLong.empty(),
                OptionalInt.of(weight), OptionalLong.empty());
    }
}
