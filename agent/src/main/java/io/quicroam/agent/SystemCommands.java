package io.quicroam.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs helper programs of the host (e.g. {@code resolvectl}); tests pass a recording fake. */
interface SystemCommands {
    /** How a command ended: its exit status and its output (stdout and stderr together). */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Runs {@code argv}; IOException when it cannot start or does not end in time. */
    Result run(List<String> argv) throws IOException;

    /** Where {@code program} is installed, looking in the usual system directories (not $PATH: a service has none). */
    Optional<Path> find(String program);

    /** The real host, each command bounded by {@code timeout}. */
    static SystemCommands host(Duration timeout) {
        return new SystemCommands() {
            @Override
            public Result run(List<String> argv) throws IOException {
                Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
                try (InputStream output = process.getInputStream()) {
                    process.getOutputStream().close();
                    // The programs run here print a line or two: their output cannot fill the pipe and block them.
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new IOException(argv.get(0) + " did not finish within " + timeout);
                    }
                    return new Result(process.exitValue(), new String(output.readAllBytes(), StandardCharsets.UTF_8));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(argv.get(0) + " interrupted", e);
                } finally {
                    process.destroyForcibly();
                }
            }

            @Override
            public Optional<Path> find(String program) {
                return List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin").stream().map(dir -> Path.of(dir, program))
                        .filter(Files::isExecutable).findFirst();
            }
        };
    }
}
