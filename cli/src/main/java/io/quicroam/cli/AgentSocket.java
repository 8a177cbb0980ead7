package io.quicroam.cli;

import io.quicroam.cli.control.ControlServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;
import picocli.CommandLine.Option;

/**
 * The running agent's control socket, as the commands that talk to it ({@code status}, {@code reload}) take it: the
 * {@code --socket} option and one question asked over it. No agent or no answer is one line on stderr, not a stack
 * trace.
 */
final class AgentSocket {
    @Option(
            names = "--socket",
            paramLabel = "PATH",
            description = "The agent's control socket (default: ${DEFAULT-VALUE}).")
    Path socket = ControlServer.defaultPath();

    /** The agent's answer to {@code command}, or empty once the reason is on stderr. */
    Optional<String> ask(String command) {
        String[] answer = new String[1];
        return talk(command, () -> answer[0] = ControlServer.ask(socket, command))
                ? Optional.of(answer[0])
                : Optional.empty();
    }

    /**
     * Streams the agent's lines for {@code request} to {@code onLine} until it returns false or the agent closes the
     * stream; false once the reason it could not is on stderr under {@code command}'s name.
     */
    boolean stream(String command, String request, Predicate<String> onLine) {
        return talk(command, () -> ControlServer.stream(socket, request, onLine));
    }

    private boolean talk(String command, Exchange exchange) {
        if (!Files.exists(socket)) {
            System.err.println("quicroam " + command + ": no agent is running (no control socket at " + socket + ")");
            return false;
        }
        try {
            exchange.run();
            return true;
        } catch (IOException e) {
            System.err.println("quicroam " + command + ": cannot reach the agent at " + socket + ": " + e.getMessage());
            return false;
        }
    }

    private interface Exchange {
        void run() throws IOException;
    }
}
