package io.quicroam.linux;

import java.util.List;

/**
 * How an external command ended.
 *
 * @param command the argv that ran
 * @param exitCode the process's exit status
 * @param stdout everything it wrote to standard output
 * @param stderr everything it wrote to standard error
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    /** Whether the command exited with status 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }
}
