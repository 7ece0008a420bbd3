package dev.cloister.security.seccomp;

import dev.cloister.security.seccomp.SeccompRule.Allow;
import dev.cloister.security.seccomp.SeccompRule.ArgValue;
import dev.cloister.security.seccomp.SeccompRule.Deny;
import dev.cloister.security.seccomp.SeccompRule.DenyIfArgIn;
import dev.cloister.security.seccomp.SeccompRule.DenyUnlessArgIn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Compiles a {@link SeccompPolicy} to classic BPF for {@code seccomp(SECCOMP_SET_MODE_FILTER)}:
 * a raw {@code struct sock_filter} array, 8 bytes per instruction, little-endian like both
 * supported architectures. Layout:
 * <pre>
 *   ld arch; jeq AUDIT_ARCH → skip; ret KILL_PROCESS
 *   ld nr; (x86_64) jset 0x40000000 → ret ERRNO(ENOSYS)
 *   per Deny:  jeq NR, 0, 1; ret ERRNO
 *   per arg rule: jeq NR, 1, 0; ja END; ld args[i] low word; value tests; END: ld nr
 *   ret ALLOW
 * </pre>
 * Conditional jumps only ever skip 0 or 1 instruction and longer ones are {@code ja} (32-bit
 * offset), so no 8-bit jt/jf can overflow however long the policy grows.
 */
public final class SeccompCompiler {
    /** BPF_MAXINSNS: the kernel refuses longer filters. */
    public static final int MAX_INSTRUCTIONS = 4096;

    private static final int RET_KILL_PROCESS = 0x8000_0000;
    private static final int RET_ERRNO = 0x0005_0000;
    private static final int RET_ALLOW = 0x7fff_0000;
    private static final int X32_SYSCALL_BIT = 0x4000_0000;

    // struct seccomp_data offsets; on little-endian the low word of args[i] comes first.
    private static final int OFFSET_NR = 0;
    private static final int OFFSET_ARCH = 4;
    private static final int OFFSET_ARGS = 16;

    private static final short LD_W_ABS = 0x20;
    private static final short JMP_JA = 0x05;
    private static final short JMP_JEQ_K = 0x15;
    private static final short JMP_JSET_K = 0x45;
    private static final short RET_K = 0x06;

    private SeccompCompiler() {
    }

    public static byte[] compile(SeccompPolicy policy, Arch arch) {
        Program p = new Program();
        p.add(LD_W_ABS, 0, 0, OFFSET_ARCH);
        p.add(JMP_JEQ_K, 1, 0, arch.auditArch());
        p.add(RET_K, 0, 0, RET_KILL_PROCESS);
        p.add(LD_W_ABS, 0, 0, OFFSET_NR);
        if (arch.hasX32()) {
            // Without this, x32 numbers (nr | bit 30) would reach every denied call past its rule.
            p.add(JMP_JSET_K, 0, 1, X32_SYSCALL_BIT);
            p.add(RET_K, 0, 0, errno(Errno.ENOSYS));
        }
        for (SeccompRule rule : policy.rules()) {
            OptionalInt nr = SyscallTable.number(rule.syscall(), arch);
            if (nr.isEmpty()) {
                continue; // the call does not exist on this architecture: nothing to deny
            }
            switch (rule) {
                case Deny d -> {
                    p.add(JMP_JEQ_K, 0, 1, nr.getAsInt());
                    p.add(RET_K, 0, 0, errno(d.errno()));
                }
                case DenyIfArgIn d -> {
                    List<Integer> toEnd = openArgBlock(p, nr.getAsInt(), d.arg());
                    for (ArgValue v : d.values()) {
                        p.add(JMP_JEQ_K, 0, 1, (int) v.value());
                        p.add(RET_K, 0, 0, errno(d.errno()));
                    }
                    closeArgBlock(p, toEnd);
                }
                case DenyUnlessArgIn d -> {
                    List<Integer> toEnd = openArgBlock(p, nr.getAsInt(), d.arg());
                    for (ArgValue v : d.values()) {
                        p.add(JMP_JEQ_K, 0, 1, (int) v.value());
                        toEnd.add(p.add(JMP_JA, 0, 0, 0));
                    }
                    p.add(RET_K, 0, 0, errno(d.errno()));
                    closeArgBlock(p, toEnd);
                }
                case Allow a -> {
                    // the final ret ALLOW covers it; the rule exists for summary()
                }
            }
        }
        p.add(RET_K, 0, 0, RET_ALLOW);
        return p.toBytes();
    }

    /** Tests nr and loads the argument's low word; returns the jumps to patch to the block's end. */
    private static List<Integer> openArgBlock(Program p, int nr, int arg) {
        p.add(JMP_JEQ_K, 1, 0, nr);
        List<Integer> toEnd = new ArrayList<>(List.of(p.add(JMP_JA, 0, 0, 0)));
        p.add(LD_W_ABS, 0, 0, OFFSET_ARGS + 8 * arg);
        return toEnd;
    }

    private static void closeArgBlock(Program p, List<Integer> toEnd) {
        toEnd.forEach(p::landHere);
        p.add(LD_W_ABS, 0, 0, OFFSET_NR); // later rules test nr again
    }

    private static int errno(Errno e) {
        return RET_ERRNO | e.number();
    }

    /** Instructions as {code, jt, jf, k}; {@code ja} targets are patched once known. */
    private static final class Program {
        private final List<int[]> code = new ArrayList<>();

        int add(short op, int jt, int jf, int k) {
            code.add(new int[] {op, jt, jf, k});
            return code.size() - 1;
        }

        /** Points the {@code ja} at {@code index} to the next instruction added. */
        void landHere(int index) {
            code.get(index)[3] = code.size() - index - 1;
        }

        byte[] toBytes() {
            if (code.size() > MAX_INSTRUCTIONS) {
                throw new IllegalArgumentException("seccomp policy compiles to " + code.size()
                        + " BPF instructions; the kernel accepts at most " + MAX_INSTRUCTIONS);
            }
            ByteBuffer b = ByteBuffer.allocate(code.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
            for (int[] i : code) {
                b.putShort((short) i[0]).put((byte) i[1]).put((byte) i[2]).putInt(i[3]);
            }
            return b.array();
        }
    }
}
