package dev.cloister.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * A project quota on a directory tree (ext4 with the project feature and prjquota, or XFS with
 * pquota): FS_IOC_FSSETXATTR puts a file in a project and, on directories, makes new files
 * inherit it; quotactl_fd(2) sets the project's block limit. Through the FFM API, no tools.
 */
public final class ProjectQuota {
    private static final int O_RDONLY = 0;
    private static final int O_NOFOLLOW = 0x20000;
    private static final int O_CLOEXEC = 0x80000;
    private static final long FS_IOC_FSGETXATTR = 0x801c581fL;
    private static final long FS_IOC_FSSETXATTR = 0x401c5820L;
    private static final int FS_XFLAG_PROJINHERIT = 0x200;
    private static final int SYS_QUOTACTL_FD = 443; // the same number on every architecture
    private static final int Q_SETQUOTA = 0x800008;
    private static final int PRJQUOTA = 2;
    private static final int QIF_BLIMITS = 1;
    private static final int ENOTTY = 25;
    private static final int EOPNOTSUPP = 95;
    private static final int ESRCH = 3;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final VarHandle ERRNO_VALUE = Linker.Option.captureStateLayout()
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle OPEN = LINKER.downcallHandle(LINKER.defaultLookup().find("open").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO);
    private static final MethodHandle CLOSE = LINKER.downcallHandle(LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle IOCTL = LINKER.downcallHandle(LINKER.defaultLookup().find("ioctl").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle SYSCALL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("syscall").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
            ERRNO, Linker.Option.firstVariadicArg(1));

    /** struct fsxattr: xflags, extsize, nextents, projid, cowextsize, 8 bytes of padding. */
    private static final long FSXATTR_SIZE = 28;
    /** struct if_dqblk: 8 u64 (limits, usage, times) and u32 valid, padded to 72. */
    private static final long DQBLK_SIZE = 72;

    private ProjectQuota() {
    }

    /** Puts one file or directory (not following links) into project {@code id}; directories pass it on. */
    public static void assign(Path path, int id, boolean directory) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path.toString()), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open " + path + ": errno " + errno(state));
            }
            try {
                MemorySegment attr = arena.allocate(FSXATTR_SIZE, 4);
                if ((int) IOCTL.invokeExact(state, fd, FS_IOC_FSGETXATTR, attr) != 0) {
                    throw unsupported(path, errno(state));
                }
                attr.set(ValueLayout.JAVA_INT, 12, id);
                if (directory) {
                    attr.set(ValueLayout.JAVA_INT, 0, attr.get(ValueLayout.JAVA_INT, 0) | FS_XFLAG_PROJINHERIT);
                }
                if ((int) IOCTL.invokeExact(state, fd, FS_IOC_FSSETXATTR, attr) != 0) {
                    throw unsupported(path, errno(state));
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("project id of " + path, t);
        }
    }

    /** Sets project {@code id}'s hard block limit on the filesystem holding {@code anyPath}. */
    public static void limit(Path anyPath, int id, long bytes) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(anyPath.toString()), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("open " + anyPath + ": errno " + errno(state));
            }
            try {
                MemorySegment dq = arena.allocate(DQBLK_SIZE, 8);
                long blocks = (bytes + 1023) / 1024; // quota blocks are 1 KiB
                dq.set(ValueLayout.JAVA_LONG, 0, blocks);
                dq.set(ValueLayout.JAVA_LONG, 8, blocks);
                dq.set(ValueLayout.JAVA_INT, 64, QIF_BLIMITS);
                long rc = (long) SYSCALL.invokeExact(state, (long) SYS_QUOTACTL_FD, fd, (Q_SETQUOTA << 8) | PRJQUOTA, id,
                        dq);
                if (rc != 0) {
                    int err = errno(state);
                    throw new IOException(err == ESRCH || err == EOPNOTSUPP || err == 38
                            ? "project quotas are not enabled on the filesystem of " + anyPath + ": mount it with "
                                    + "prjquota (ext4 with the project and quota features) or pquota (XFS) to limit storage"
                            : "setting the project quota on " + anyPath + ": errno " + err);
                }
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("project quota on " + anyPath, t);
        }
    }

    private static IOException unsupported(Path path, int errno) {
        return new IOException(errno == ENOTTY || errno == EOPNOTSUPP
                ? "the filesystem of " + path + " has no project ids: put /var/lib/cloister on ext4 or XFS with "
                        + "project quotas to limit storage"
                : "project id of " + path + ": errno " + errno);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_VALUE.get(state, 0L);
    }
}
