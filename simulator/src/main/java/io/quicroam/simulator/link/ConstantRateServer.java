package io.quicroam.simulator.link;

/**
 * Rate stage at a bit rate that may change over time (fades): the packet in transmission keeps the bits already
 * sent and finishes the rest at the new rate. Finish times are exact to the nanosecond, so a long run does not
 * drift from the nominal rate.
 */
final class ConstantRateServer implements RateServer {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private long bitsPerSecond;
    private QueuedPacket current;
    private long segmentStartNanos;
    private long bitsLeft;
    private long finishNanos = Long.MAX_VALUE;
    private long lastFinishNanos;

    ConstantRateServer(long bitsPerSecond, long nowNanos) {
        this.bitsPerSecond = bitsPerSecond;
        this.lastFinishNanos = nowNanos;
    }

    long bitsPerSecond() {
        return bitsPerSecond;
    }

    /** Changes the rate from {@code atNanos}; the caller has advanced the server to that time. */
    void setRate(long newBitsPerSecond, long atNanos) {
        if (current != null) {
            long sent = Math.multiplyExact(atNanos - segmentStartNanos, bitsPerSecond) / NANOS_PER_SECOND;
            bitsLeft -= Math.min(sent, bitsLeft);
            segmentStartNanos = atNanos;
        }
        bitsPerSecond = newBitsPerSecond;
        finishNanos = finishTime();
    }

    @Override
    public void advanceTo(long nowNanos, DropTailQueue queue, StageOutput departures) {
        while (true) {
            if (current == null) {
                QueuedPacket next = queue.poll();
                if (next == null) {
                    return;
                }
                begin(next, Math.max(lastFinishNanos, next.arrivalNanos()));
            }
            if (finishNanos > nowNanos) {
                return;
            }
            QueuedPacket done = current;
            current = null;
            lastFinishNanos = finishNanos;
            departures.emit(done, finishNanos);
        }
    }

    private void begin(QueuedPacket packet, long startNanos) {
        current = packet;
        segmentStartNanos = startNanos;
        bitsLeft = packet.wireSize() * 8L;
        finishNanos = finishTime();
    }

    private long finishTime() {
        if (current == null || bitsPerSecond == 0) {
            return Long.MAX_VALUE;
        }
        // Ceiling: a packet is not complete before its last bit has gone out.
        return segmentStartNanos + (bitsLeft * NANOS_PER_SECOND + bitsPerSecond - 1) / bitsPerSecond;
    }

    @Override
    public long nextDepartureNanos(DropTailQueue queue) {
        return finishNanos;
    }

    @Override
    public boolean carries(int wireSize) {
        return true;
    }

    @Override
    public QueuedPacket abandonInProgress() {
        QueuedPacket abandoned = current;
        current = null;
        finishNanos = Long.MAX_VALUE;
        return abandoned;
    }
}
