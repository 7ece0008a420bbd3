package dev.cloister.os;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Random bytes straight from the kernel's /dev/urandom (what SecureRandom reads on Linux too,
 * after initialising the JCA provider framework: ~7 ms of a cold command).
 */
public final class KernelRandom {
    private KernelRandom() {
    }

    public static byte[] bytes(int count) {
        try (InputStream in = new FileInputStream("/dev/urandom")) {
            byte[] bytes = in.readNBytes(count);
            if (bytes.length != count) {
                throw new IOException("short read from /dev/urandom");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /dev/urandom", e);
        }
    }

    /** A generator seeded by the kernel: unpredictable choices (a free MCS level), not key material. */
    public static RandomGenerator seeded() {
        return new SplittableRandom(ByteBuffer.wrap(bytes(Long.BYTES)).getLong());
    }
}
