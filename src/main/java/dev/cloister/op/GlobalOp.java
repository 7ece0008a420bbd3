package dev.cloister.op;

import java.nio.file.Path;
import java.util.List;

/** Ops the helper reads before acting, wherever they stand: files, ids, namespaces, readiness. */
public sealed interface GlobalOp extends Op {

    /** A global op whose one field is a host path. */
    sealed interface HostPath extends GlobalOp {
        Path path();

        default List<String> fields() { return List.of(path().toString()); }
    }

    record Name(String sandbox, String why) implements GlobalOp {
        public List<String> fields() { return List.of(sandbox); }
    }

    record RunDir(Path path, String why) implements HostPath { }

    record ExitFile(Path path, String why) implements HostPath { }

    /** The console log, rotated before it would grow past MAXBYTES. */
    record LogFile(Path file, long maxBytes, String why) implements GlobalOp {
        public List<String> fields() { return List.of(file.toString(), Long.toString(maxBytes)); }
    }

    record LockFile(Path path, String why) implements HostPath { }

    record Namespaces(List<String> names, String why) implements GlobalOp {
        public Namespaces { names = List.copyOf(names); }
        public List<String> fields() { return List.of(String.join(",", names)); }
    }

    /** The uid and gid map: INSIDE..INSIDE+COUNT is OUTSIDE..OUTSIDE+COUNT on the host. */
    record Userns(long inside, long outside, long count, String why) implements GlobalOp {
        public List<String> fields() {
            return List.of(Long.toString(inside), Long.toString(outside), Long.toString(count));
        }
    }

    /** A parent user namespace owned by the sandbox's host uid, allowing NESTED user namespaces below the sandbox's. */
    record UsernsParent(int nested, String why) implements GlobalOp {
        public List<String> fields() { return List.of("max_user_namespaces=" + (1 + nested)); }
    }

    record StopSignal(int signal, String why) implements GlobalOp {
        public List<String> fields() { return List.of(Integer.toString(signal)); }
    }

    /** Milliseconds stop waits after the stop signal before SIGKILL. */
    record StopTimeout(long millis, String why) implements GlobalOp {
        public List<String> fields() { return List.of(Long.toString(millis)); }
    }

    /** The tree lives in the ext4 IMAGE, mounted on DIR before anything else. */
    record TreeImage(Path image, Path dir, String why) implements GlobalOp {
        public List<String> fields() { return List.of(image.toString(), dir.toString()); }
    }

    record NotifySocket(Path path, String why) implements HostPath { }

    record NotifyTimeout(int seconds, String why) implements GlobalOp {
        public List<String> fields() { return List.of(Integer.toString(seconds)); }
    }

    /** The helper's own range while it makes what the sandbox uses (SELinux hosts only). */
    record SelinuxLevel(String level, String why) implements GlobalOp {
        public List<String> fields() { return List.of(level); }
    }

    record ReadyCheck(List<String> argv, String why) implements GlobalOp {
        public ReadyCheck { argv = List.copyOf(argv); }
        public List<String> fields() { return argv; }
    }
}
