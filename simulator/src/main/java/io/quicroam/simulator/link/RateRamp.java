package io.quicroam.simulator.link;

/**
 * A linear rate fade on a constant-rate stage, applied as a staircase: every {@link #STEP_NANOS} the rate is set to
 * the ramp's value at the middle of the coming step, so the bits the stage may send over each step equal the
 * linear ramp's exactly; at the end the target rate is set.
 */
final class RateRamp {
    /** Fine enough that a packet rarely spans two steps, coarse enough not to wake a real-time loop too often. */
    static final long STEP_NANOS = 10_000_000L;

    private final ConstantRateServer server;
    private final long from;
    private final long to;
    private final Ramp ramp;
    private long nextStepNanos;

    RateRamp(ConstantRateServer server, long to, Ramp ramp) {
        this.server = server;
        this.from = server.bitsPerSecond();
        this.to = to;
        this.ramp = ramp;
        this.nextStepNanos = ramp.startNanos();
    }

    long nextStepNanos() {
        return nextStepNanos;
    }

    boolean finished() {
        return nextStepNanos == Long.MAX_VALUE;
    }

    /** Applies the step due at {@link #nextStepNanos()}; the caller has advanced the server to that time. */
    void step() {
        long at = nextStepNanos;
        if (at >= ramp.endNanos()) {
            server.setRate(to, at);
            nextStepNanos = Long.MAX_VALUE;
            return;
        }
        long stepEnd = Math.min(at + STEP_NANOS, ramp.endNanos());
        server.setRate(Math.round(ramp.interpolate(from, to, at + (stepEnd - at) / 2)), at);
        nextStepNanos = stepEnd;
    }
}
