package io.quicroam.simulator.measure;

/**
 * What a long run ({@code quicroam simulate --soak}) must hold besides the scenario's bounds.
 *
 * @param maxGapWhileALinkWorksMillis no flow may go longer without a delivery, not counting time when every link
 *                                    was out
 * @param maxGapOnAMeteredLinkMillis  the same for a gap that began while a metered (cellular) link carried the
 *                                    traffic: its probes are paced by metered-min-interval, so its silence takes
 *                                    longer to notice
 * @param maxHeapGrowthBytes          live heap after a full GC, after the run against before it
 * @param maxThreadGrowth             live threads, the same way
 * @param maxFdGrowth                 open file descriptors, the same way
 */
public record SoakCriteria(
        double maxGapWhileALinkWorksMillis,
        double maxGapOnAMeteredLinkMillis,
        long maxHeapGrowthBytes,
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
     * The silent-failure bound plus a second; growth limits well above a run's noise (a few MB of heap, a thread
     * or two of a pool, the sockets of a path being reopened) and well below a per-event leak over 100+ events.
     */
    public static final SoakCriteria DEFAULT = new SoakCriteria(
            SILENT_FAILURE_BOUND_MILLIS + 1000, METERED_SILENT_FAILURE_BOUND_MILLIS + 1000, 32L << 20, 4, 16);

    /** The bound for a gap that began while a metered link carried the traffic, or not. */
    public double maxGapMillis(boolean meteredCarrier) {
        return meteredCarrier ? maxGapOnAMeteredLinkMillis : maxGapWhileALinkWorksMillis;
    }
}
