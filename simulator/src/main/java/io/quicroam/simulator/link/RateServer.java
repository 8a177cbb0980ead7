package io.quicroam.simulator.link;

/** The running rate stage of one direction: drains the queue over time. Single-threaded, I/O-free. */
interface RateServer {

    /**
     * Sends everything whose transmission completes at or before {@code nowNanos}, handing packets to
     * {@code departures} in order with their completion times. Times passed in never decrease.
     */
    void advanceTo(long nowNanos, DropTailQueue queue, StageOutput departures);

    /** When the next packet can complete, given the queue; {@link Long#MAX_VALUE} when nothing can. */
    long nextDepartureNanos(DropTailQueue queue);

    /** Whether a packet of this wire size can cross this link at all. */
    boolean carries(int wireSize);

    /** Stops the transmission in progress and returns its packet (null when idle): the link went away or changed. */
    QueuedPacket abandonInProgress();

    static RateServer start(RateModel model, long nowNanos) {
        if (model instanceof RateModel.ConstantRate constant) {
            return new ConstantRateServer(constant.bitsPerSecond(), nowNanos);
        }
        if (model instanceof RateModel.TraceRate trace) {
            return new TraceRateServer(trace.trace(), nowNanos);
        }
        return new UnlimitedRateServer();
    }
}
