package io.quicroam.simulator.measure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a flow's send, gateway-arrival and delivery logs into its figures ({@link FlowResult}).
 *
 * <ul>
 *   <li>received: distinct sequence numbers whose echo came back; duplicated: deliveries of a number already
 *       delivered; reordered: first deliveries of a number lower than one delivered before it.</li>
 *   <li>gaps: the flow's time from its first send to its last send is cut at every first delivery; each piece is a
 *       gap (the first one is the initial round trip; a flow whose last packets were all lost ends with a gap up
 *       to its last send). The longest is the figure reported.</li>
 *   <li>latencies use each sequence number's first arrival; percentiles are nearest-rank.</li>
 * </ul>
 */
public final class FlowAnalyzer {
    /** Gaps at least this long are listed for charts (a 50 pps flow has 20 ms between packets). */
    public static final double NOTABLE_GAP_MILLIS = 100;
    /** Width of a chart bin. */
    public static final long BIN_MILLIS = 100;

    private static final double NANOS_PER_MILLI = 1e6;

    private FlowAnalyzer() {}

    public static FlowResult analyze(FlowLog log) {
        return analyze(log.spec().name(), log.spec().size(), log.sends(), log.gatewayArrivals(), log.deliveries());
    }

    /** @param payloadBytes each datagram's UDP payload, for goodput */
    public static FlowResult analyze(
            String name,
            int payloadBytes,
            EventLog.Snapshot sends,
            EventLog.Snapshot atGateway,
            EventLog.Snapshot deliveries) {
        Map<Long, Long> sentAt = firstTimes(sends);
        Map<Long, Long> gatewayAt = firstTimes(atGateway);

        Set<Long> delivered = new HashSet<>();
        long duplicated = 0;
        long reordered = 0;
        long highest = Long.MIN_VALUE;
        List<Long> firstDeliveries = new ArrayList<>();
        List<Double> uplink = new ArrayList<>();
        List<Double> downlink = new ArrayList<>();
        List<Double> roundTrip = new ArrayList<>();
        List<long[]> binInputs = new ArrayList<>(); // {delivery time, round trip ns}
        for (int i = 0; i < deliveries.size(); i++) {
            long seq = deliveries.sequences()[i];
            long at = deliveries.times()[i];
            Long sent = sentAt.get(seq);
            if (sent == null) {
                continue; // not ours to count: no send was logged for it
            }
            if (!delivered.add(seq)) {
                duplicated++;
                continue;
            }
            if (seq < highest) {
                reordered++;
            }
            highest = Math.max(highest, seq);
            firstDeliveries.add(at);
            roundTrip.add((at - sent) / NANOS_PER_MILLI);
            binInputs.add(new long[] {at, at - sent});
            Long reached = gatewayAt.get(seq);
            if (reached != null) {
                downlink.add((at - reached) / NANOS_PER_MILLI);
            }
        }
        for (Map.Entry<Long, Long> arrival : gatewayAt.entrySet()) {
            Long sent = sentAt.get(arrival.getKey());
            if (sent != null) {
                uplink.add((arrival.getValue() - sent) / NANOS_PER_MILLI);
            }
        }

        long firstSend = min(sends.times());
        long lastSend = max(sends.times());
        List<Gap> gaps = gaps(firstSend, lastSend, firstDeliveries);
        Gap longest = gaps.stream()
                .max((a, b) -> Double.compare(a.millis(), b.millis()))
                .orElse(new Gap(0, 0));
        double activeSeconds = (lastSend - firstSend) / 1e9;
        double goodput = activeSeconds <= 0 ? 0 : delivered.size() * (double) payloadBytes * 8 / activeSeconds;
        long sent = sentAt.size();
        return new FlowResult(
                name,
                sent,
                delivered.size(),
                sent - delivered.size(),
                duplicated,
                reordered,
                summary(uplink),
                summary(downlink),
                summary(roundTrip),
                longest,
                gaps.stream().filter(g -> g.millis() >= NOTABLE_GAP_MILLIS).toList(),
                goodput,
                bins(binInputs, lastSend));
    }

    private static Map<Long, Long> firstTimes(EventLog.Snapshot log) {
        Map<Long, Long> first = new HashMap<>(log.size() * 2);
        for (int i = 0; i < log.size(); i++) {
            first.merge(log.sequences()[i], log.times()[i], Math::min);
        }
        return first;
    }

    /** Pieces of [firstSend, lastSend] between successive deliveries; deliveries after lastSend close the last. */
    static List<Gap> gaps(long firstSend, long lastSend, List<Long> deliveryTimes) {
        if (lastSend < firstSend) {
            return List.of();
        }
        long[] times =
                deliveryTimes.stream().mapToLong(Long::longValue).sorted().toArray();
        List<Gap> gaps = new ArrayList<>();
        long previous = firstSend;
        for (long t : times) {
            if (t > previous) {
                gaps.add(gap(previous, t));
                previous = t;
            }
        }
        if (lastSend > previous) {
            gaps.add(gap(previous, lastSend));
        }
        return gaps;
    }

    private static Gap gap(long from, long to) {
        return new Gap(from / NANOS_PER_MILLI, (to - from) / NANOS_PER_MILLI);
    }

    private static List<DeliveryBin> bins(List<long[]> deliveries, long lastSend) {
        long end = Math.max(
                lastSend, deliveries.stream().mapToLong(d -> d[0]).max().orElse(0));
        int count = (int) (Math.max(end, 0) / (BIN_MILLIS * 1_000_000) + 1);
        int[] delivered = new int[count];
        double[] maxRoundTrip = new double[count];
        Arrays.fill(maxRoundTrip, Double.NaN);
        for (long[] d : deliveries) {
            int bin = (int) (Math.max(d[0], 0) / (BIN_MILLIS * 1_000_000));
            delivered[bin]++;
            double rtt = d[1] / NANOS_PER_MILLI;
            maxRoundTrip[bin] = Double.isNaN(maxRoundTrip[bin]) ? rtt : Math.max(maxRoundTrip[bin], rtt);
        }
        List<DeliveryBin> bins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            bins.add(new DeliveryBin(i * BIN_MILLIS, delivered[i], maxRoundTrip[i]));
        }
        return bins;
    }

    private static LatencySummary summary(List<Double> millis) {
        return LatencySummary.ofMillis(
                millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static long min(long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(long[] values) {
        return Arrays.stream(values).max().orElse(-1);
    }
}
