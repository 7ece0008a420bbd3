package dev.cloister.runtime;

import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code execute} and {@code connect}: a command inside a running sandbox, with its full confinement. */
public final class Executor {

    /** Whether the command gets a pty: as the caller's stdin decides, or forced either way. */
    public enum Terminal { AUTO, TTY, NO_TTY }

    private final Context context;

    public Executor(Context context) {
        this.context = context;
    }

    public int execute(String name, boolean noSecLabel, Terminal terminal, List<String> command) throws IOException {
        SandboxStatus status = context.store().status(name);
        if (status instanceof SandboxStatus.Starting || status instanceof SandboxStatus.Stopping) {
            throw new IllegalStateException("sandbox '" + name + "' is " + status.word() + ": try again in a moment");
        }
        if (!(status instanceof SandboxStatus.Running)) {
            throw new IllegalStateException("sandbox '" + name + "' is " + status.word()
                    + ": start it with `cloister start " + name + "`");
        }
        SandboxFiles files = context.store().files(name);
        List<String> args = new ArrayList<>(List.of("execute", files.plan().toString()));
        if (noSecLabel) {
            args.add("--noseclabel");
        }
        switch (terminal) {
            case TTY -> args.add("--tty");
            case NO_TTY -> args.add("--no-tty");
            case AUTO -> { }
        }
        args.add("--");
        args.addAll(command);
        return context.helper().attached(args);
    }
}
