package dev.cloister.cli;

import picocli.CommandLine;

/** Errors become one line on stderr that says what was wrong and what to do; exit status 1. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            message = "permission denied: " + message + " (cloister must run as root)";
        } else if (e instanceof java.nio.file.NoSuchFileException) {
            message = "no such file: " + message;
        }
        cmd.getErr().println(cmd.getCommandName() + ": " + message);
        if (System.getenv("CLOISTER_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
