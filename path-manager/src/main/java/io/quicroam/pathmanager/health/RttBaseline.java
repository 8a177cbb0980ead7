package io.quicroam.pathmanager.health;

import java.util.ArrayDeque;

/**
 * A path's own RTT baseline: the smallest smoothed RTT seen over a sliding window (a monotonic deque, so each
 * sample costs O(1) amortised). The minimum, not an average: queueing only ever adds delay, so the minimum is what
 * the path costs when it is well, and the window lets a path that moved to a slower network settle on a new one.
 */
final class RttBaseline {
    private record Reading(long atNanos, long rttNanos) {}

    private final long windowNanos;
    private final ArrayDeque<Reading> minima = new ArrayDeque<>();

    RttBaseline(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    void add(long rttNanos, long nowNanos) {
        while (!minima.isEmpty() && minima.peekLast().rttNanos() >= rttNanos) {
            minima.pollLast();
        }
        minima.addLast(new Reading(nowNanos, rttNanos));
        while (minima.peekFirst().atNanos() < nowNanos - windowNanos) {
            minima.pollFirst();
        }
    }

    boolean known() {
        return !minima.isEmpty();
    }

    /** The baseline; only when {@link #known()}. */
    long nanos() {
        return minima.peekFirst().rttNanos();
    }
}
