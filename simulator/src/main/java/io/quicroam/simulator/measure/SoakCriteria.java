package io.quicroam.simulator.measure;

/**
 * What a long run ({@code quicroam simulate --soak}) must hold besides the scenario's bounds.
 *
 * @param maxGapWhileALinkWorksMillis no flow may go longer without a delivery, not counting time when every link
 *                                    was out
 * @param maxGapOnAMeteredLinkMillis  the same for a gap that began while a metered (cellular) link carried the
 *                                    traffic: its probes are paced by metered-min-interval, so its silence takes
 *                                    longer to notice
 * @param maxHeapGrowthBytes          live heap after a full GC less the simulator's records ({@link HeapTrend}),
 *                                    at the end against once the run was warm: the measurement's noise
 * @param maxHeapBytesPerMinute       and on top of that, per minute from the warm point to the end
 * @param maxThreadGrowth             live threads, the same way
 * @param maxFdGrowth                 open file descriptors, the same way
 */
public record SoakCriteria(
        double maxGapWhileALinkWorksMillis,
        double maxGapOnAMeteredLinkMillis,
        long maxHeapGrowthBytes,
        long maxHeapBytesPerMinute,
        int maxThreadGrowth,
        long maxFdGrowth) {
    /** A silent path is left within 300 ms (the handover goal); a FAILED one is back within about a second. */
    public static final double SILENT_FAILURE_BOUND_MILLIS = 300;
    /**
     * A silent metered path: two lost probes (suspect-after) at most one metered-min-interval (1 s) apart, the first
     * up to 1 s after the silence began, each lost after its timeout (~150 ms on LTE).
     */
    public static final double METERED_SILENT_FAILURE_BOUND_MILLIS = 2300;

    /**
     * The silent-failure bound plus a second; growth limits above a run's noise (a thread or two of a pool, the
     * sockets of a path being reopened; the live heap less the records grew 104-131 KB in the 1.5 minutes after
     * warm-up of the two-minute chaos run) and below a small leak: 32 bytes kept per uplink datagram grew it 534 KB
     * there and failed.
     */
    public static final SoakCriteria DEFAULT = new SoakCriteria(
            SILENT_FAILURE_BOUND_MILLIS + 1000,
            METERED_SILENT_FAILURE_BOUND_MILLIS + 1000,
            256L << 10,
            64L << 10,
            4,
            16);

    /** The most the live heap less the records may grow from the warm point over {@code minutes}. */
    public long maxHeapGrowthBytes(double minutes) {
        return maxHeapGrowthBytes + (long) (maxHeapBytesPerMinute * minutes);
    }

    /** The bound for a gap that began while a metered link carried the traffic, or not. */
    public double maxGapMillis(boolean meteredCarrier) {
        return meteredCarrier ? maxGapOnAMeteredLinkMillis : maxGapWhileALinkWorksMillis;
    }
}
