package dev.cloister.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** The running kernel's Landlock ABI version (landlock_create_ruleset(NULL, 0, VERSION)); 0 without Landlock. */
public final class LandlockAbi {
    private static final long SYS_LANDLOCK_CREATE_RULESET = 444;
    private static final int CREATE_RULESET_VERSION = 1;

    private LandlockAbi() {
    }

    public static int ofRunningKernel() {
        Linker linker = Linker.nativeLinker();
        MethodHandle syscall = linker.downcallHandle(linker.defaultLookup().find("syscall").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(1));
        try {
            long abi = (long) syscall.invokeExact(SYS_LANDLOCK_CREATE_RULESET, MemorySegment.NULL, 0L,
                    CREATE_RULESET_VERSION);
            return abi < 0 ? 0 : (int) abi;
        } catch (Throwable t) {
            throw new IllegalStateException("landlock_create_ruleset", t);
        }
    }
}
