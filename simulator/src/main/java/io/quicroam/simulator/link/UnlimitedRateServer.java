package io.quicroam.simulator.link;

/** Rate stage without serialisation delay: whatever is queued leaves at once. */
final class UnlimitedRateServer implements RateServer {

    @Override
    public void advanceTo(long nowNanos, DropTailQueue queue, StageOutput departures) {
        for (QueuedPacket packet = queue.poll(); packet != null; packet = queue.poll()) {
            departures.emit(packet, nowNanos);
        }
    }

    @Override
    public long nextDepartureNanos(DropTailQueue queue) {
        return Long.MAX_VALUE;
    }

    @Override
    public boolean carries(int wireSize) {
        return true;
    }

    @Override
    public QueuedPacket abandonInProgress() {
        return null;
    }
}
