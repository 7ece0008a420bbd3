package dev.cloister.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The helper of unit tests, after youki's syscall/test.rs: it runs nothing, records every call,
 * and answers each with success unless told to fail the Nth call of a kind (a helper command:
 * the call's first argument). What callers see of a successful call is kept: copy-tree makes its
 * target, mount-image and unmount change {@link #mounted}.
 */
public final class FakeHelper implements Helper {

    /** One call: the helper's arguments, and whether it ran on the caller's terminal. */
    public record Call(List<String> args, boolean attached) {
        public String kind() {
            return args.getFirst();
        }
    }

    private record Answer(int status, String text) {
    }

    private static final Answer OK = new Answer(0, "");
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Map<Integer, Answer>> answers = new HashMap<>();
    private final Set<Path> mounted = new HashSet<>();

    /** The Nth call (counted from 1) of KIND exits with STATUS, printing TEXT. */
    public synchronized FakeHelper answer(String kind, int nth, int status, String text) {
        answers.computeIfAbsent(kind, k -> new HashMap<>()).put(nth, new Answer(status, text));
        return this;
    }

    /** The Nth call of KIND fails as the helper fails: exit status 1 and {@link #failure} printed. */
    public FakeHelper fail(String kind, int nth) {
        return answer(kind, nth, 1, failure(kind, nth));
    }

    /** What a call failed by {@link #fail} prints. */
    public static String failure(String kind, int nth) {
        return "cloister-helper: " + kind + " (call " + nth + "): injected failure";
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The directories a tree image is mounted on now. */
    public synchronized Set<Path> mounted() {
        return Set.copyOf(mounted);
    }

    /** Forgets the calls so far, those of a test's setup: the next call of a kind is its first again. */
    public synchronized void clear() {
        calls.clear();
    }

    @Override
    public int attached(List<String> args) throws IOException {
        return call(args, true).status();
    }

    @Override
    public HelperProcess.Output run(List<String> args) throws IOException {
        Answer answer = call(args, false);
        return new HelperProcess.Output(answer.status(), answer.text());
    }

    private synchronized Answer call(List<String> args, boolean attached) throws IOException {
        Call call = new Call(List.copyOf(args), attached);
        calls.add(call);
        int nth = (int) calls.stream().filter(c -> c.kind().equals(call.kind())).count();
        Answer answer = answers.getOrDefault(call.kind(), Map.of()).getOrDefault(nth, OK);
        if (answer.status() == 0) {
            switch (call.kind()) {
                case "copy-tree" -> Files.createDirectories(Path.of(args.getLast()));
                case "mount-image" -> mounted.add(Path.of(args.get(2)));
                case "unmount" -> mounted.remove(Path.of(args.get(1)));
                default -> { }
            }
        }
        return answer;
    }
}
