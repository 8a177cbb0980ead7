package io.quicroam.simulator.link;

/**
 * Rate stage driven by a mahimahi trace, following {@code LinkQueue::rationalize} and
 * {@code use_a_delivery_opportunity} of mahimahi's src/frontend/link_queue.cc (see {@link RateModel.TraceRate}).
 */
final class TraceRateServer implements RateServer {
    /** mahimahi's PACKET_SIZE: bytes per opportunity and the largest frame (link_queue.hh). */
    static final int PACKET_SIZE = 1504;
    /** The packet-information header mahimahi's TUN device (IFF_TUN without IFF_NO_PI) puts before each packet. */
    static final int TUN_HEADER = 4;

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final MahimahiTrace trace;
    private final long periodNanos;
    private int index;
    private long baseNanos;
    private QueuedPacket inTransit;
    private int bytesLeft;

    TraceRateServer(MahimahiTrace trace, long startNanos) {
        this.trace = trace;
        this.periodNanos = trace.periodMillis() * NANOS_PER_MILLI;
        this.baseNanos = startNanos;
    }

    private long offsetNanos(int i) {
        return trace.offsetMillis(i) * NANOS_PER_MILLI;
    }

    private long nextOpportunityNanos() {
        return baseNanos + offsetNanos(index);
    }

    @Override
    public void advanceTo(long nowNanos, DropTailQueue queue, StageOutput departures) {
        while (inTransit != null || !queue.isEmpty()) {
            long opportunity = nextOpportunityNanos();
            if (opportunity > nowNanos) {
                return;
            }
            useOpportunity();
            int budget = PACKET_SIZE;
            while (budget > 0) {
                if (inTransit == null) {
                    inTransit = queue.poll();
                    if (inTransit == null) {
                        break; // the rest of this opportunity is wasted: it does not bank up
                    }
                    bytesLeft = inTransit.wireSize() + TUN_HEADER;
                }
                int sent = Math.min(budget, bytesLeft);
                budget -= sent;
                bytesLeft -= sent;
                if (bytesLeft == 0) {
                    QueuedPacket done = inTransit;
                    inTransit = null;
                    departures.emit(done, opportunity);
                }
            }
        }
        skipWastedOpportunities(nowNanos);
    }

    /** Wraps to line 0 after the last line, moving the base by the period (the last offset). */
    private void useOpportunity() {
        index++;
        if (index == trace.opportunities()) {
            index = 0;
            baseNanos += periodNanos;
        }
    }

    /**
     * With nothing to send, every opportunity up to now is wasted: jump straight past them instead of burning
     * them one by one (an idle link may have slept for many periods).
     */
    private void skipWastedOpportunities(long nowNanos) {
        if (nextOpportunityNanos() > nowNanos) {
            return;
        }
        long periods = (nowNanos - baseNanos) / periodNanos;
        baseNanos += periods * periodNanos;
        long intoPeriod = nowNanos - baseNanos;
        // First line whose offset lies after now; exists because the last offset is the period, > intoPeriod.
        int low = 0;
        int high = trace.opportunities() - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (offsetNanos(mid) > intoPeriod) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        index = low;
    }

    @Override
    public long nextDepartureNanos(DropTailQueue queue) {
        return inTransit != null || !queue.isEmpty() ? nextOpportunityNanos() : Long.MAX_VALUE;
    }

    @Override
    public boolean carries(int wireSize) {
        return wireSize <= PACKET_SIZE - TUN_HEADER;
    }

    @Override
    public QueuedPacket abandonInProgress() {
        QueuedPacket abandoned = inTransit;
        inTransit = null;
        return abandoned;
    }
}
