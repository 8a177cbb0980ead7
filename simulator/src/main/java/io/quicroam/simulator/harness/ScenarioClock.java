package io.quicroam.simulator.harness;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Scenario time: nanoseconds since the traffic started, on the JVM's monotonic clock, so that every observer in
 * the one JVM (the traffic generator, the gateway's egress, the agent's packet I/O, the agent's handover records,
 * the link relay) measures on the same axis. Negative before {@link #begin}.
 */
public final class ScenarioClock implements LongSupplier {
    private volatile long originNanos = System.nanoTime();

    /** Scenario time 0 is {@code lead} from now (time to schedule the timeline before it starts). */
    public void begin(Duration lead) {
        originNanos = System.nanoTime() + lead.toNanos();
    }

    @Override
    public long getAsLong() {
        return System.nanoTime() - originNanos;
    }

    /** Scenario time of a {@link System#nanoTime()} reading. */
    public long fromSystemNanos(long systemNanos) {
        return systemNanos - originNanos;
    }

    /** The {@link System#nanoTime()} reading at scenario time {@code scenarioNanos}. */
    public long toSystemNanos(long scenarioNanos) {
        return scenarioNanos + originNanos;
    }
}
