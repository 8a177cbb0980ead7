package io.quicroam.pathmanager.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.quicroam.pathmanager.policy.ProbeSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Re-admission of a FAILED path through a resilience4j circuit breaker: opened when the path fails, it refuses
 * probes for an exponentially growing wait (readmit-backoff, doubling, up to readmit-backoff-max), then lets
 * {@code readmit-probes} probes through half-open; if at least half are answered it closes (the path is back),
 * otherwise it opens again with the next, longer wait. The waits are kept here on the injected clock (the breaker
 * is moved to half-open when one ends), so this runs on virtual time, the caller can schedule the trial instead
 * of polling, and {@link #hurry} can cut a wait short when no other path works.
 *
 * <p>Flapping: every opening (a failure, or a demotion for fading, {@link FadeDetector}) is counted in the
 * interface's {@link FailureRecord}, which doubles how long a scheduler waits before moving traffic back to it.
 *
 * <p>Outage: while no path works ({@link #hurry}), the breaker's rounds are set aside: a trial probe goes every
 * {@link #OUTAGE_PACE} for {@link #OUTAGE_FAST}, then every {@link #OUTAGE_SLOW} (batteries, metered links), and the
 * first one answered re-admits the path at once, so traffic flows again about one RTT after a network returns.
 */
public final class Readmission {
    /** What a trial probe's outcome did to the breaker. */
    public enum Outcome {
        READMITTED,
        REOPENED,
        PENDING
    }

    /** Trial probes during an outage: this often at first… */
    static final Duration OUTAGE_PACE = Duration.ofMillis(100);
    /** …for this long… */
    static final Duration OUTAGE_FAST = Duration.ofSeconds(10);
    /** …then this often. */
    static final Duration OUTAGE_SLOW = Duration.ofSeconds(1);

    private static final long NONE = Long.MIN_VALUE;

    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private final FailureRecord record;
    private int attempts;
    private long wakeAtNanos;
    private long outageSinceNanos = NONE;

    public Readmission(String name, ProbeSettings settings, Clock clock, FailureRecord record) {
        this.record = record;
        this.backoff =
                IntervalFunction.ofExponentialBackoff(settings.readmitBackoff(), 2.0, settings.readmitBackoffMax());
        this.breaker = CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom()
                        .clock(clock)
                        .waitIntervalFunctionInOpenState(backoff)
                        .permittedNumberOfCallsInHalfOpenState(settings.readmitProbes())
                        .failureRateThreshold(50.0f)
                        .build());
    }

    /** The path just failed or was demoted: refuse probes for the first backoff wait. */
    public void open(long nowNanos) {
        record.failed(nowNanos);
        breaker.transitionToOpenState();
        attempts = 1;
        wakeAtNanos = nowNanos + waitNanos(attempts);
    }

    /** True if a trial probe may be sent now (moves the breaker to half-open once the wait is over). */
    public boolean tryTrial(long nowNanos) {
        if (outageSinceNanos != NONE) {
            if (nowNanos < wakeAtNanos) {
                return false;
            }
            boolean early = nowNanos - outageSinceNanos < OUTAGE_FAST.toNanos();
            wakeAtNanos = nowNanos + (early ? OUTAGE_PACE : OUTAGE_SLOW).toNanos();
            return true;
        }
        if (breaker.getState() == CircuitBreaker.State.OPEN && nowNanos >= wakeAtNanos) {
            breaker.transitionToHalfOpenState();
        }
        return breaker.tryAcquirePermission();
    }

    /** No path works any more: this one is tried now, and then at the outage pace until one works. */
    public void hurry(long nowNanos) {
        attempts = 0;
        if (breaker.getState() != CircuitBreaker.State.CLOSED && outageSinceNanos == NONE) {
            outageSinceNanos = nowNanos;
            wakeAtNanos = nowNanos;
        }
    }

    /** Another path works again: the outage pace ends, the breaker's next round comes after its first wait. */
    public void calm(long nowNanos) {
        if (outageSinceNanos == NONE) {
            return;
        }
        outageSinceNanos = NONE;
        attempts = 1;
        breaker.transitionToOpenState();
        wakeAtNanos = nowNanos + waitNanos(attempts);
    }

    /** When the next trial may go, or Long.MIN_VALUE when trials are out and their outcomes decide. */
    public long nextTrialNanos() {
        return outageSinceNanos != NONE || breaker.getState() == CircuitBreaker.State.OPEN ? wakeAtNanos : NONE;
    }

    /** Failures and demotions of the interface since it was last healthy for long ({@link FailureRecord}). */
    public int failures() {
        return record.failures();
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    private long waitNanos(int attempt) {
        return TimeUnit.MILLISECONDS.toNanos(backoff.apply(Math.max(1, attempt)));
    }

    /**
     * A trial probe's outcome; {@code answered} is false too for an answer that shows the path still unfit (a demoted
     * path's RTT still inflated).
     */
    public Outcome record(boolean answered, long rttNanos, long nowNanos) {
        if (outageSinceNanos != NONE) {
            if (!answered) {
                return Outcome.PENDING;
            }
            outageSinceNanos = NONE;
            return readmitted();
        }
        if (breaker.getState() != CircuitBreaker.State.HALF_OPEN) {
            return breaker.getState() == CircuitBreaker.State.CLOSED ? Outcome.READMITTED : Outcome.PENDING;
        }
        if (answered) {
            breaker.onSuccess(rttNanos, TimeUnit.NANOSECONDS);
        } else {
            breaker.onError(0, TimeUnit.NANOSECONDS, new ProbeLost());
        }
        return switch (breaker.getState()) {
            case CLOSED -> Outcome.READMITTED;
            case OPEN -> {
                attempts++;
                wakeAtNanos = nowNanos + waitNanos(attempts);
                yield Outcome.REOPENED;
            }
            default -> Outcome.PENDING;
        };
    }

    private Outcome readmitted() {
        breaker.transitionToClosedState();
        return Outcome.READMITTED;
    }

    /** The failure the breaker records for a probe that got no answer in time. */
    static final class ProbeLost extends Exception {
        private static final long serialVersionUID = 1L;

        ProbeLost() {
            super("probe lost", null, false, false);
        }
    }
}
