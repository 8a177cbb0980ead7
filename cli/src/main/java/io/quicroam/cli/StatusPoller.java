package io.quicroam.cli;

import io.quicroam.agent.AgentListener;
import io.quicroam.agent.AgentStatus;
import io.quicroam.agent.Handover;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the agent for its status whenever it reports that something {@code status} shows changed (a path opened,
 * closed or changed role or state; a handover, a new session or address), on a thread of its own, and hands each
 * answer on; keeps the latest for gauges. The agent reports path roles and states only when asked, so this is how
 * path changes become events and {@code session_up} a metric. An idle agent reports nothing, and is asked only
 * every {@code period}, to catch what no report names: polling it every second kept it awake for nothing.
 */
final class StatusPoller implements AgentListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusPoller.class);
    /** Reports that come together (a state change, then the decision it causes) are answered by one status. */
    static final Duration COALESCE = Duration.ofMillis(50);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "quicroam-status");
        thread.setDaemon(true);
        return thread;
    });
    private final Supplier<CompletableFuture<AgentStatus>> source;
    private final Consumer<AgentStatus> onStatus;
    private final AtomicBoolean asked = new AtomicBoolean();
    private volatile AgentStatus latest;

    /** @param period how often the agent is asked with no report (the first time at once) */
    StatusPoller(Supplier<CompletableFuture<AgentStatus>> source, Duration period, Consumer<AgentStatus> onStatus) {
        this.source = source;
        this.onStatus = onStatus;
        executor.scheduleWithFixedDelay(this::poll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Something the status shows changed: asked within {@link #COALESCE}, once for all reports until then. */
    void changed() {
        if (asked.compareAndSet(false, true)) {
            try {
                executor.schedule(
                        () -> {
                            asked.set(false);
                            poll();
                        },
                        COALESCE.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                // closing: nobody is left to tell
            }
        }
    }

    @Override
    public void onPathsChanged() {
        changed();
    }

    @Override
    public void onHandover(Handover handover) {
        changed();
    }

    @Override
    public void onSessionReset() {
        changed();
    }

    @Override
    public void onAddressChange() {
        changed();
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
