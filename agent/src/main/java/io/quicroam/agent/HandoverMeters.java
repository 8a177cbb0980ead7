package io.quicroam.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Records every completed handover in {@code quicroam_agent_handover_duration_seconds} (a histogram tagged with
 * the trigger as {@code reason}): its count is the handovers by reason, its buckets how long traffic stopped, from
 * the decision to the first packet on the new path. Register with {@link Agent#addListener}.
 */
public final class HandoverMeters implements AgentListener {
    /** Histogram buckets around the handover goal of 300 ms. */
    private static final Duration[] BUCKETS = Stream.of(
                    10, 25, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10_000, 30_000)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    private final MeterRegistry registry;

    public HandoverMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onHandover(Handover handover) {
        if (handover.durationNanos() < 0) {
            return; // still pending: recorded when it completes
        }
        Timer.builder("quicroam.agent.handover.duration")
                .description("Time from a handover decision to the first packet on the new path, by trigger")
                .tag("reason", handover.trigger())
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(handover.durationNanos(), TimeUnit.NANOSECONDS);
    }
}
