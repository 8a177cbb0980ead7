package io.quicroam.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.AgentStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The daemon asks an idle agent for its status only when the agent reports a change, not every second (issue #17:
 * each ask woke the status thread and the path manager's), and answers a burst of reports with one ask.
 */
class StatusPollerTest {
    private final AtomicInteger asked = new AtomicInteger();

    private CompletableFuture<AgentStatus> status() {
        asked.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void anAgentThatReportsNothingIsAskedOnceAtStartAndThenOnlyEveryPeriod() throws Exception {
        try (StatusPoller poller = new StatusPoller(this::status, AgentDaemon.STATUS_POLL, s -> {})) {
            waitUntil(() -> asked.get() == 1, Duration.ofSeconds(5));
            Thread.sleep(2_500); // a poll every second, as before, would have asked twice more

            assertThat(asked.get()).isEqualTo(1);
        }
    }

    @Test
    void aBurstOfReportsIsAnsweredByOneAskSoon() throws Exception {
        try (StatusPoller poller = new StatusPoller(this::status, AgentDaemon.STATUS_POLL, s -> {})) {
            waitUntil(() -> asked.get() == 1, Duration.ofSeconds(5));

            poller.onPathsChanged(); // a state change, the decision it caused, the handover
            poller.onPathsChanged();
            poller.onSessionReset();

            waitUntil(() -> asked.get() == 2, Duration.ofSeconds(2));
            Thread.sleep(StatusPoller.COALESCE.toMillis() * 4);
            assertThat(asked.get()).isEqualTo(2);
        }
    }

    private static void waitUntil(BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", within).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
