package io.quicroam.simulator.traffic;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sending window of a bulk flow: at most {@code size} datagrams unanswered. A datagram whose echo has not
 * come back within {@code lossTimeoutNanos} counts as lost and frees its place, so a loss cannot stall the flow.
 * Thread-safe: the generator sends, the receiver acknowledges.
 */
final class BulkWindow {
    private final int size;
    private final long lossTimeoutNanos;
    private final Map<Long, Long> outstanding = new LinkedHashMap<>(); // sequence -> send time, in send order

    BulkWindow(int size, long lossTimeoutNanos) {
        this.size = size;
        this.lossTimeoutNanos = lossTimeoutNanos;
    }

    synchronized boolean canSend(long nowNanos) {
        Iterator<Long> sentTimes = outstanding.values().iterator();
        while (sentTimes.hasNext() && nowNanos - sentTimes.next() >= lossTimeoutNanos) {
            sentTimes.remove();
        }
        return outstanding.size() < size;
    }

    synchronized void sent(long sequence, long nowNanos) {
        outstanding.put(sequence, nowNanos);
    }

    synchronized void answered(long sequence) {
        outstanding.remove(sequence);
    }

    /** When the oldest outstanding datagram will count as lost; Long.MAX_VALUE when none is outstanding. */
    synchronized long nextExpiryNanos() {
        return outstanding.isEmpty()
                ? Long.MAX_VALUE
                : outstanding.values().iterator().next() + lossTimeoutNanos;
    }
}
