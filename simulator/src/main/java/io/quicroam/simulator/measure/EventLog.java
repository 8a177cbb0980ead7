package io.quicroam.simulator.measure;

import java.util.Arrays;

/**
 * An append-only list of (sequence number, scenario time in ns) pairs, written from any thread. One per flow and
 * observation point; a few thousand entries per second, so a lock costs nothing worth avoiding.
 */
public final class EventLog {
    private static final int INITIAL_CAPACITY = 1024;

    private long[] sequences = new long[INITIAL_CAPACITY];
    private long[] times = new long[INITIAL_CAPACITY];
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

    /**
     * The bytes a log of {@code entries} events holds on to (its two arrays, grown by doubling), so that a long run's
     * heap figure can leave out the simulator's own records ({@link HeapTrend}).
     */
    public static long retainedBytes(long entries) {
        long capacity = INITIAL_CAPACITY;
        while (capacity < entries) {
            capacity *= 2;
        }
        return 2 * Long.BYTES * capacity;
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
