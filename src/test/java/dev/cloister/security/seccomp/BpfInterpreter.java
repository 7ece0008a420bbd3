package dev.cloister.security.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic-BPF interpreter for seccomp filters, written from linux/filter.h independently of
 * the compiler so that encoding mistakes show up. It checks the whole program the way the
 * kernel's loader does (known opcodes, in-range jumps, ends in ret) before running it.
 */
final class BpfInterpreter {
    record Insn(int code, int jt, int jf, int k) {
    }

    /** struct seccomp_data {int nr; u32 arch; u64 ip; u64 args[6];}, 64 bytes. */
    static byte[] seccompData(int arch, int nr, long... args) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(nr).putInt(arch).putLong(0x7f00_1234_5678L);
        for (int i = 0; i < 6; i++) {
            b.putLong(i < args.length ? args[i] : 0);
        }
        return b.array();
    }

    static List<Insn> decode(byte[] program) {
        if (program.length == 0 || program.length % 8 != 0) {
            throw new AssertionError("program length " + program.length + " is not a positive multiple of 8");
        }
        ByteBuffer b = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        List<Insn> insns = new ArrayList<>();
        while (b.hasRemaining()) {
            insns.add(new Insn(b.getShort() & 0xffff, b.get() & 0xff, b.get() & 0xff, b.getInt()));
        }
        return insns;
    }

    /** The static checks of bpf_check_classic() and seccomp_check_filter(), for every instruction. */
    static void verify(List<Insn> p) {
        for (int pc = 0; pc < p.size(); pc++) {
            Insn i = p.get(pc);
            switch (i.code()) {
                case 0x20 -> {
                    if (i.k() < 0 || i.k() > 60 || i.k() % 4 != 0) {
                        throw new AssertionError(pc + ": ld [" + i.k() + "] is outside seccomp_data or unaligned");
                    }
                }
                case 0x05 -> requireTarget(p, pc, pc + 1 + Integer.toUnsignedLong(i.k()));
                case 0x15, 0x25, 0x35, 0x45 -> {
                    requireTarget(p, pc, pc + 1 + i.jt());
                    requireTarget(p, pc, pc + 1 + i.jf());
                }
                case 0x06, 0x54 -> {
                }
                default -> throw new AssertionError(pc + ": opcode 0x" + Integer.toHexString(i.code()) + " not allowed");
            }
        }
        if (p.getLast().code() != 0x06) {
            throw new AssertionError("program does not end in ret");
        }
    }

    private static void requireTarget(List<Insn> p, int pc, long target) {
        if (target >= p.size()) {
            throw new AssertionError(pc + ": jump to " + target + " past the end (" + p.size() + " instructions)");
        }
    }

    /** Runs a verified program on one seccomp_data and returns its ret value. */
    static int run(byte[] program, byte[] data) {
        List<Insn> p = decode(program);
        verify(p);
        ByteBuffer d = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int a = 0;
        int pc = 0;
        while (true) {
            Insn i = p.get(pc++);
            switch (i.code()) {
                case 0x20 -> a = d.getInt(i.k());
                case 0x54 -> a &= i.k();
                case 0x05 -> pc += i.k();
                case 0x15 -> pc += a == i.k() ? i.jt() : i.jf();
                case 0x25 -> pc += Integer.compareUnsigned(a, i.k()) > 0 ? i.jt() : i.jf();
                case 0x35 -> pc += Integer.compareUnsigned(a, i.k()) >= 0 ? i.jt() : i.jf();
                case 0x45 -> pc += (a & i.k()) != 0 ? i.jt() : i.jf();
                case 0x06 -> {
                    return i.k();
                }
                default -> throw new AssertionError("unverified opcode " + i.code());
            }
        }
    }

    private BpfInterpreter() {
    }
}
