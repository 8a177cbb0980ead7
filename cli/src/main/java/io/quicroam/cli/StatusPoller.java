package io.quicroam.cli;

import io.quicroam.agent.AgentStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the agent for its status every {@code period} on a thread of its own and hands each answer on; keeps the
 * latest for gauges. The agent reports path roles and states only when asked, so this is how path changes
 * become events and {@code session_up} a metric.
 */
final class StatusPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusPoller.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "quicroam-status");
        thread.setDaemon(true);
        return thread;
    });
    private final Supplier<CompletableFuture<AgentStatus>> source;
    private final Consumer<AgentStatus> onStatus;
    private volatile AgentStatus latest;

    StatusPoller(Supplier<CompletableFuture<AgentStatus>> source, Duration period, Consumer<AgentStatus> onStatus) {
        this.source = source;
        this.onStatus = onStatus;
        executor.scheduleWithFixedDelay(this::poll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            AgentStatus status = source.get().get(5, TimeUnit.SECONDS);
            latest = status;
            onStatus.accept(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.debug("status poll: {}", e.toString()); // the next poll tries again
        }
    }

    /** The last status, or null before the first answer. */
    AgentStatus latest() {
        return latest;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
