package io.quicroam.simulator.link;

import java.time.Duration;
import java.util.Objects;

/**
 * Propagation delay after the rate stage: each packet waits {@code delay} plus a jitter drawn uniformly from
 * [-jitter, +jitter] (netem's default distribution). Unless {@code reordering} is allowed, a packet is never
 * delivered before the one sent ahead of it (it waits for it instead), so jitter alone does not reorder.
 */
public record DelayModel(Duration delay, Duration jitter, boolean reordering) {

    /** No delay, no jitter. */
    public static final DelayModel NONE = new DelayModel(Duration.ZERO, Duration.ZERO, false);

    public DelayModel {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay and jitter must be >= 0, got " + delay + " and " + jitter);
        }
        if (jitter.compareTo(delay) > 0) {
            throw new IllegalArgumentException(
                    "jitter " + jitter + " exceeds delay " + delay + ": a packet cannot arrive before it was sent");
        }
    }

    public static DelayModel of(Duration delay) {
        return new DelayModel(delay, Duration.ZERO, false);
    }

    public static DelayModel of(Duration delay, Duration jitter) {
        return new DelayModel(delay, jitter, false);
    }

    /** The same delay and jitter, with reordering allowed: each packet keeps its own jittered delay. */
    public DelayModel withReordering() {
        return new DelayModel(delay, jitter, true);
    }
}
