package io.quicroam.simulator.measure;

import java.util.Arrays;

/**
 * An append-only list of (sequence number, scenario time in ns) pairs, written from any thread. One per flow and
 * observation point; a few thousand entries per second, so a lock costs nothing worth avoiding.
 */
public final class EventLog {
    private long[] sequences = new long[1024];
    private long[] times = new long[1024];
    private int size;

    public synchronized void add(long sequence, long atNanos) {
        if (size == sequences.length) {
            sequences = Arrays.copyOf(sequences, size * 2);
            times = Arrays.copyOf(times, size * 2);
        }
        sequences[size] = sequence;
        times[size] = atNanos;
        size++;
    }

    public synchronized int size() {
        return size;
    }

    /** A consistent copy, in the order the events were added. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(Arrays.copyOf(sequences, size), Arrays.copyOf(times, size));
    }

    /** Parallel arrays: event i is sequence {@code sequences[i]} at {@code times[i]}. */
    public record Snapshot(long[] sequences, long[] times) {
        public int size() {
            return sequences.length;
        }
    }
}
