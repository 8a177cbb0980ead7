package io.quicroam.simulator.measure;

import java.util.List;
import java.util.Optional;

/**
 * Issue #14's flat heap for a long run: live heap right after a full collection at the end of the traffic against
 * at its start (young generations are empty then: it is the old generation), less what the simulator records on
 * purpose — three {@link EventLog}s per flow with every datagram's times, which grow with the run by design and
 * belong to neither the gateway nor the agent. What is left must not grow by more than {@link #MAX_GROWTH}.
 *
 * @param startBytes   live heap after the full collection before the traffic
 * @param endBytes     live heap after the full collection once the traffic drained
 * @param recordsBytes how much more the flows' event logs hold at the end than at the start
 */
public record HeapTrend(long startBytes, long endBytes, long recordsBytes) {
    public static final double MAX_GROWTH = 0.10;
    /** Per flow: sent by the application, arrived at the gateway, echoed back to the application. */
    private static final int LOGS_PER_FLOW = 3;

    /** The trend of a run sampled with full collections at both ends; empty without them (an older report). */
    public static Optional<HeapTrend> of(StrategyResult run, List<ResourceSample> resources) {
        List<ResourceSample> full =
                resources.stream().filter(ResourceSample::afterFullGc).toList();
        if (full.size() < 2) {
            return Optional.empty();
        }
        long records = 0;
        for (FlowResult flow : run.flows()) {
            // arrivals at the gateway are not counted in the result: no more of them than were sent
            records += 2 * EventLog.retainedBytes(flow.sent()) + EventLog.retainedBytes(flow.received());
            records -= LOGS_PER_FLOW * EventLog.retainedBytes(0);
        }
        return Optional.of(new HeapTrend(
                full.get(0).heapAfterGcBytes(), full.get(full.size() - 1).heapAfterGcBytes(), records));
    }

    /** Growth of the live heap without the records, as a fraction of where it started. */
    public double growth() {
        return (endBytes - recordsBytes - startBytes) / (double) startBytes;
    }
}
