package io.quicroam.pathmanager.health;

import java.util.ArrayDeque;

/**
 * How late this machine runs right now, read from when a path's transport samples arrive. The agent asks for them
 * on a fixed rhythm (every 100 ms on the carrying path) and they come back through the connection's event loop and
 * the path manager's thread: an interval longer than the shortest of the last {@link #BASELINE_NANOS} is time those
 * threads waited for a CPU (a busy laptop, a loaded CI machine). A network's fade never delays them: the figures are
 * the connection's own, read locally, not asked of the peer. The same waits delay every ACK the transport reads, so
 * its RTT rises with them on every path at once, which is no reason to leave one (issue #13). Single-threaded.
 */
final class LocalStall {
    /** The stall is how late the intervals of the last second were... */
    static final long RECENT_NANOS = 1_000_000_000L;
    /** ...beyond the shortest of this long: the sampling rhythm itself, on a moment the CPU was free. */
    static final long BASELINE_NANOS = 30_000_000_000L;

    private record Interval(long fromNanos, long lengthNanos) {}

    private final RttBaseline shortest = new RttBaseline(BASELINE_NANOS);
    private final ArrayDeque<Interval> recent = new ArrayDeque<>();
    private long previousNanos = Long.MIN_VALUE;
    private long previousLength = Long.MAX_VALUE;

    /** A sample arrived at {@code nowNanos}. */
    void arrived(long nowNanos) {
        if (previousNanos != Long.MIN_VALUE) {
            long length = nowNanos - previousNanos;
            shortest.add(length, nowNanos);
            // Only an interval right after one on the rhythm: a path that starts carrying goes from the standby
            // rhythm (a second) to the carrying one through an interval of any length in between, which is no stall.
            if (previousLength <= 2 * shortest.nanos()) {
                recent.addLast(new Interval(previousNanos, length));
            }
            previousLength = length;
        }
        previousNanos = nowNanos;
        while (!recent.isEmpty() && recent.peekFirst().fromNanos() < nowNanos - RECENT_NANOS) {
            recent.pollFirst();
        }
    }

    /**
     * How much longer than the rhythm the intervals of the last second were, on average; 0 with none to tell. The
     * mean, not the worst: the transport's smoothed RTT averages its samples too (RFC 9002 §5.3), so one long stall
     * moves it little, while a CPU that is late all along moves it by about as much as it is late.
     */
    long nanos() {
        if (recent.isEmpty()) {
            return 0;
        }
        long total = 0;
        for (Interval i : recent) {
            total += i.lengthNanos();
        }
        return Math.max(0, total / recent.size() - shortest.nanos());
    }
}
