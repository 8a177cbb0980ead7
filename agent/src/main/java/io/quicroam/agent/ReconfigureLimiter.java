package io.quicroam.agent;

import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;

/**
 * Paces changes to the tunnel device: a token bucket of {@code burst} changes refilled at one per {@code interval},
 * on the path manager's time source. A change asked for with no token left is coalesced: one run is scheduled for
 * when the next token is due and applies whatever the assignment is by then, so a proxy that streams thousands of
 * ROUTE_ADVERTISEMENT capsules costs a few device changes a second, and the last state always lands.
 *
 * <p>Threads: the time source's only.
 */
final class ReconfigureLimiter {
    private final TimeSource time;
    private final long burstNanos;
    private final long intervalNanos;
    private final Runnable change;
    /** When the bucket would be full again (GCRA's theoretical arrival time): integer nanos, no rounding. */
    private long fullAt;

    private boolean scheduled;

    ReconfigureLimiter(TimeSource time, int burst, Duration interval, Runnable change) {
        this.time = time;
        this.intervalNanos = interval.toNanos();
        this.burstNanos = (burst - 1) * intervalNanos;
        this.change = change;
        this.fullAt = time.nanos();
    }

    /** The device should follow the current assignment: now if a token is left, else once one is. */
    void request() {
        if (scheduled) {
            return; // the scheduled run will apply this request's state too
        }
        long now = time.nanos();
        long wait = Math.max(fullAt, now) - burstNanos - now;
        if (wait <= 0) {
            fullAt = Math.max(fullAt, now) + intervalNanos;
            change.run();
            return;
        }
        scheduled = true;
        time.schedule(Duration.ofNanos(wait), () -> {
            scheduled = false;
            request();
        });
    }
}
