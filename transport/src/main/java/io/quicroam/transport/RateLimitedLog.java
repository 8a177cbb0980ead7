package io.quicroam.transport;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Says whether a recurring event may be logged now: at most once per interval, with the number of events
 * suppressed since the last line. Bad input from the network must never flood the log (one line a minute,
 * the counters say the rest). Thread-safe and lock-free; time comes from the given nanosecond clock.
 */
public final class RateLimitedLog {
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(LongSupplier nanoTime, Duration interval) {
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.nextAllowed = new AtomicLong(nanoTime.getAsLong());
    }

    /** Once a minute, on the system's monotonic clock. */
    public static RateLimitedLog perMinute() {
        return new RateLimitedLog(System::nanoTime, Duration.ofMinutes(1));
    }

    /**
     * Returns -1 if this occurrence must not be logged (it is counted as suppressed), otherwise how many were
     * suppressed since the last logged one.
     */
    public long tryLog() {
        long now = nanoTime.getAsLong();
        long allowed = nextAllowed.get();
        if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return -1;
        }
        return suppressed.getAndSet(0);
    }
}
