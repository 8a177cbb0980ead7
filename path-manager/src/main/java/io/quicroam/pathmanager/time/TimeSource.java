package io.quicroam.pathmanager.time;

import java.time.Clock;
import java.time.Duration;

/**
 * The one source of time and the one thread for the path manager: every timing rule reads {@link #nanos()} and
 * defers work through {@link #schedule}, so tests can run them on {@link VirtualTime}. Tasks run one at a time,
 * in due order; {@link #execute} queues work from other threads onto that same sequence.
 */
public interface TimeSource {
    /** Monotonic time in nanoseconds (arbitrary origin). */
    long nanos();

    /** A wall clock that advances with {@link #nanos()}, for event time stamps and libraries that want a Clock. */
    Clock clock();

    /** Runs {@code task} once after {@code delay} (zero or negative: as soon as possible, after queued work). */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the time source's thread, after any task currently running. */
    void execute(Runnable task);
}
