package dev.cloister.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * lsetxattr(2) and lgetxattr(2) through the FFM API: Java's file attribute views reach only "user." attributes,
 * and SELinux file labels live in "security.selinux". Never follows a symlink.
 */
public final class Xattrs {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle LSETXATTR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("lsetxattr").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    private static final MethodHandle LGETXATTR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("lgetxattr").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG));
    private static final int VALUE_MAX = 4096;
    private static final VarHandle ERRNO = Linker.Option.captureStateLayout()
            .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private Xattrs() {
    }

    public static void set(Path path, String name, String value) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            MemorySegment data = arena.allocate(bytes.length + 1L);
            data.copyFrom(MemorySegment.ofArray(bytes));
            int rc = (int) LSETXATTR.invokeExact(state, arena.allocateFrom(path.toString()), arena.allocateFrom(name),
                    data, (long) bytes.length + 1, 0);
            if (rc != 0) {
                throw new IOException("lsetxattr " + path + " " + name + ": errno " + (int) ERRNO.get(state, 0L));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("lsetxattr " + path, t);
        }
    }

    /** The attribute's value without its trailing NUL; empty when the entry has none (or it is unreadable). */
    public static Optional<String> get(Path path, String name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(VALUE_MAX);
            long n = (long) LGETXATTR.invokeExact(arena.allocateFrom(path.toString()), arena.allocateFrom(name), data,
                    (long) VALUE_MAX);
            if (n <= 0) {
                return Optional.empty();
            }
            byte[] bytes = data.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            int len = bytes[(int) n - 1] == 0 ? (int) n - 1 : (int) n;
            return Optional.of(new String(bytes, 0, len, StandardCharsets.UTF_8));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("lgetxattr " + path, t);
        }
    }
}
