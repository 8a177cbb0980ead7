package io.quicroam.agent;

import io.quicroam.linux.CommandResult;
import io.quicroam.linux.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Runs helper programs of the host (e.g. {@code resolvectl}); tests pass a recording fake. */
interface SystemCommands {
    /** Runs {@code argv}; IOException when it cannot start or does not end in time. */
    CommandResult run(List<String> argv) throws IOException;

    /** Where {@code program} is installed, looking in the usual system directories (not $PATH: a service has none). */
    Optional<Path> find(String program);

    /** The real host, each command bounded by {@code timeout}. */
    static SystemCommands host(Duration timeout) {
        return new SystemCommands() {
            @Override
            public CommandResult run(List<String> argv) throws IOException {
                return Commands.run(timeout, argv);
            }

            @Override
            public Optional<Path> find(String program) {
                return List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin").stream()
                        .map(dir -> Path.of(dir, program))
                        .filter(Files::isExecutable)
                        .findFirst();
            }
        };
    }
}
