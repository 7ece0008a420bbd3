package dev.cloister.net;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An exclusive lock on a file, between processes (FileChannel.lock) and between threads of this
 * JVM (the JVM refuses a second FileChannel lock on one file, so threads queue on a ReentrantLock
 * first). The lock file is never renamed, unlike the data it protects.
 */
final class FileLocks {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    interface Body<T> {
        T run() throws IOException;
    }

    private FileLocks() {
    }

    static <T> T locked(Path lockFile, Body<T> body) throws IOException {
        ReentrantLock jvm = IN_JVM.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        jvm.lock();
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return body.run();
        } finally {
            jvm.unlock();
        }
    }
}
