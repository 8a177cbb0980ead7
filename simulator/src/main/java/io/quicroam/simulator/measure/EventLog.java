package io.quicroam.simulator.measure;

/**
 * An append-only list of (sequence number, scenario time in ns) pairs, written from any thread. One per flow and
 * observation point; a few thousand entries per second, so a lock costs nothing worth avoiding.
 */
public final class EventLog {
    private static final int SEQUENCE = 0;
    private static final int TIME = 1;

    private final LongColumns events = new LongColumns(2);

    public synchronized void add(long sequence, long atNanos) {
        events.add(sequence, atNanos);
    }

    public synchronized int size() {
        return events.rows();
    }

    /** The bytes the log holds on to, so that a long run's heap figure can leave them out ({@link HeapTrend}). */
    public synchronized long retainedBytes() {
        return events.retainedBytes();
    }

    /** A consistent copy, in the order the events were added. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(events.column(SEQUENCE), events.column(TIME));
    }

    /** Parallel arrays: event i is sequence {@code sequences[i]} at {@code times[i]}. */
    public record Snapshot(long[] sequences, long[] times) {
        public int size() {
            return sequences.length;
        }
    }
}
