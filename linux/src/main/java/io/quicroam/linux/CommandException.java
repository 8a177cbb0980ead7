package io.quicroam.linux;

import java.io.IOException;
import java.util.List;

/** An external command could not be started, timed out, or exited with a non-zero status. */
public final class CommandException extends IOException {

    private static final long serialVersionUID = 1L;

    private final List<String> command;

    public CommandException(List<String> command, String message) {
        super(String.join(" ", command) + ": " + message);
        this.command = List.copyOf(command);
    }

    public CommandException(List<String> command, String message, Throwable cause) {
        this(command, message);
        initCause(cause);
    }

    /** A command that ran and failed; the message carries its stderr (or stdout if that was all). */
    static CommandException failed(CommandResult result) {
        String output = result.stderr().isBlank() ? result.stdout() : result.stderr();
        return new CommandException(result.command(), "exit status " + result.exitCode() + ": " + output.strip());
    }

    /** The argv that failed. */
    public List<String> command() {
        return command;
    }
}
