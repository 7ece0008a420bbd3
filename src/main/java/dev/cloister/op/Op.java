package dev.cloister.op;

import java.util.List;
import java.util.Locale;

/**
 * One op of a start plan (docs/plan-format.md), the one type Java's planners produce and {@link PlanText} writes. The
 * helper reads only {@link #name()} and {@link #fields()}; {@link #why()} is for people: the {@code # why:} comment
 * above the op's line and inspect's list of ops.
 */
public sealed interface Op permits GlobalOp, MountOp, InitOp, CgroupOp, NetOp {

    /** The op's name in the plan: its record's name in kebab case (RootTmpfs is root-tmpfs, Cgroup1 is cgroup1). */
    default String name() {
        return getClass().getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The op's fields, not yet percent-encoded. */
    List<String> fields();

    /** Why the plan has this op, in one line. */
    String why();
}
