package io.quicroam.pathmanager.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.quicroam.pathmanager.policy.ProbeSettings;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Re-admission of a FAILED path through a resilience4j circuit breaker: opened when the path fails, it refuses
 * probes for an exponentially growing wait (readmit-backoff, doubling, up to readmit-backoff-max), then lets
 * {@code readmit-probes} probes through half-open; if at least half are answered it closes (the path is back),
 * otherwise it opens again with the next, longer wait. The waits are kept here on the injected clock (the breaker
 * is moved to half-open when one ends), so this runs on virtual time, the caller can schedule the trial instead
 * of polling, and {@link #hurry} / {@link #shorten} can cut a wait short when no other path works.
 */
public final class Readmission {
    /** What a trial probe's outcome did to the breaker. */
    public enum Outcome {
        READMITTED,
        REOPENED,
        PENDING
    }

    private final CircuitBreaker breaker;
    private final IntervalFunction backoff;
    private int attempts;
    private long wakeAtNanos;

    public Readmission(String name, ProbeSettings settings, Clock clock) {
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

    /** The path just failed: refuse probes for the first backoff wait. */
    public void open(long nowNanos) {
        breaker.transitionToOpenState();
        attempts = 1;
        wakeAtNanos = nowNanos + waitNanos(attempts);
    }

    /** True if a trial probe may be sent now (moves the breaker to half-open once the wait is over). */
    public boolean tryTrial(long nowNanos) {
        if (breaker.getState() == CircuitBreaker.State.OPEN && nowNanos >= wakeAtNanos) {
            breaker.transitionToHalfOpenState();
        }
        return breaker.tryAcquirePermission();
    }

    /**
     * No path works any more: this one is tried now, not after its wait, and a failed trial waits the first
     * (shortest) time again.
     */
    public void hurry(long nowNanos) {
        attempts = 0;
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            wakeAtNanos = nowNanos;
        }
    }

    /** Still no path works: the next trial comes after the first (shortest) wait, however many failed before. */
    public void shorten(long nowNanos) {
        attempts = 1;
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            wakeAtNanos = Math.min(wakeAtNanos, nowNanos + waitNanos(attempts));
        }
    }

    public CircuitBreaker.State state() {
        return breaker.getState();
    }

    /** When the current wait ends. */
    public long wakeAtNanos() {
        return wakeAtNanos;
    }

    private long waitNanos(int attempt) {
        return TimeUnit.MILLISECONDS.toNanos(backoff.apply(Math.max(1, attempt)));
    }

    public Outcome record(boolean answered, long rttNanos, long nowNanos) {
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

    /** The failure the breaker records for a probe that got no answer in time. */
    static final class ProbeLost extends Exception {
        private static final long serialVersionUID = 1L;

        ProbeLost() {
            super("probe lost", null, false, false);
        }
    }
}
