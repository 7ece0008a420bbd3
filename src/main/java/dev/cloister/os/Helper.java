package dev.cloister.os;

import java.io.IOException;
import java.util.List;

/**
 * The C helper as the JVM runs it: one command line (without the program) per call. The only way
 * Java reaches the helper, so what calls it is unit-tested against a fake that fails any call.
 */
public interface Helper {
    /** Runs {@code args} on the caller's terminal (start, stop, execute talk to it) and returns the exit status. */
    int attached(List<String> args) throws IOException;

    /** Runs a short command ({@code args}: copy-tree, cleanup, check-bind, …) with no input; its status and output. */
    HelperProcess.Output run(List<String> args) throws IOException;
}
