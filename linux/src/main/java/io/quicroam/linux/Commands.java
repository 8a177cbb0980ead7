package io.quicroam.linux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an external command with a deadline and collects its output. */
public final class Commands {

    private static final Logger log = LoggerFactory.getLogger(Commands.class);

    // Both pipes are drained concurrently so a chatty command cannot block on a full pipe.
    private static final ExecutorService PIPE_READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "quicroam-command-output");
        t.setDaemon(true);
        return t;
    });

    private Commands() {}

    /** Runs {@code command}; a non-zero exit is reported in the result, not thrown. */
    public static CommandResult run(Duration timeout, List<String> command) throws CommandException {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        log.debug("running {}", command);
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new CommandException(command, "cannot start: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stdout = drain(process.getInputStream());
            CompletableFuture<String> stderr = drain(process.getErrorStream());
            if (!process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS)) {
                throw new CommandException(command, "timed out after " + timeout);
            }
            // A child the command left behind may hold the pipes open: that, too, is bounded.
            return new CommandResult(
                    command,
                    process.exitValue(),
                    stdout.get(remaining(deadline), TimeUnit.NANOSECONDS),
                    stderr.get(remaining(deadline), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(command, "interrupted", e);
        } catch (TimeoutException e) {
            throw new CommandException(command, "output not closed within " + timeout, e);
        } catch (ExecutionException | IOException e) {
            throw new CommandException(command, "cannot read output: " + e.getMessage(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                PIPE_READERS);
    }
}
