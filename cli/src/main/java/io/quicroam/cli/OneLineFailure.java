package io.quicroam.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * What a command that failed unexpectedly says: one line naming the command and the cause (exit 1); the stack
 * trace goes to debug logging ({@code QUICROAM_LOG_LEVEL=debug}), for a bug report, never to a user by default.
 */
final class OneLineFailure implements IExecutionExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(OneLineFailure.class);

    static final int EXIT_CODE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        String name = command.getCommandName();
        command.getErr().println((name.equals("quicroam") ? "quicroam: " : "quicroam " + name + ": ") + describe(e));
        log.debug("{} failed", command.getCommandName(), e);
        return EXIT_CODE;
    }

    /** The innermost cause: its message and its type (e.g. "Address already in use (BindException)"). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String type = root.getClass().getSimpleName();
        return message == null || message.isBlank() ? type : message + " (" + type + ")";
    }
}
