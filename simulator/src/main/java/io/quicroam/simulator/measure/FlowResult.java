package io.quicroam.simulator.measure;

import java.util.List;
import java.util.Objects;

/**
 * One flow's figures for one strategy run. A packet is received when its echo came back to the application
 * (the round trip completed); lost = sent − received. Latency is one-way uplink (send → echo host behind the
 * gateway); downlink is echo host → application; round trip is both. The longest gap is the longest time
 * without a delivery between the first send and the last send (see {@link FlowAnalyzer}).
 *
 * @param gaps        every gap of at least {@link FlowAnalyzer#NOTABLE_GAP_MILLIS}, in time order (for charts)
 * @param goodputBps  payload bits delivered per second of the flow's sending time
 */
public record FlowResult(
        String name,
        long sent,
        long received,
        long lost,
        long duplicated,
        long reordered,
        LatencySummary latency,
        LatencySummary downlinkLatency,
        LatencySummary roundTrip,
        Gap longestGap,
        List<Gap> gaps,
        double goodputBps,
        List<DeliveryBin> bins) {
    public FlowResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(longestGap, "longestGap");
        gaps = List.copyOf(gaps);
        bins = List.copyOf(bins);
    }
}
