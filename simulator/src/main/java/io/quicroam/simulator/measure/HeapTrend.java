package io.quicroam.simulator.measure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Issue #14's flat heap for a long run, from the three full collections the run asks for: before the traffic, once
 * the run is warm ({@link #warmAfter}) and after the traffic drained (young generations are empty then: it is the
 * old generation). Each figure is the live heap less what the simulator's own records held at that moment
 * ({@link ResourceSample#recordsBytes}: every datagram's times and the path samples, which grow with the run by
 * design and belong to neither the gateway nor the agent), so what is left is the product's.
 *
 * <p>From the start to the warm point the heap settles (the connections' buffers, the pools, the path history), so
 * the leak check is the slope after it: a build that keeps something per event, per path or per connection grows
 * linearly from there; a leak-free one stays within its noise.
 *
 * @param startBytes      live heap less the records before the traffic
 * @param warmBytes       the same once the run is warm (the start figure again for a report without that sample)
 * @param endBytes        the same once the traffic drained
 * @param warmToEndMillis from the warm sample to the end one
 */
public record HeapTrend(long startBytes, long warmBytes, long endBytes, long warmToEndMillis) {
    /** The criterion for the whole run: the end within 10 % of the start. */
    public static final double MAX_GROWTH = 0.10;
    /** The warm point of a run at least eight minutes long; a shorter one's is a quarter of its length. */
    static final Duration WARM_AFTER = Duration.ofMinutes(2);

    /** The trend of a run sampled with full collections; empty without two of them (an older report). */
    public static Optional<HeapTrend> of(List<ResourceSample> resources) {
        List<ResourceSample> full =
                resources.stream().filter(ResourceSample::afterFullGc).toList();
        if (full.size() < 2) {
            return Optional.empty();
        }
        ResourceSample start = full.get(0);
        ResourceSample warm = full.size() > 2 ? full.get(1) : start;
        ResourceSample end = full.get(full.size() - 1);
        return Optional.of(new HeapTrend(
                start.heapWithoutRecordsBytes(),
                warm.heapWithoutRecordsBytes(),
                end.heapWithoutRecordsBytes(),
                end.atMillis() - warm.atMillis()));
    }

    /** When the warm sample is taken in a run of {@code length}: two minutes in, or a quarter of a shorter run. */
    public static Duration warmAfter(Duration length) {
        Duration quarter = length.dividedBy(4);
        return quarter.compareTo(WARM_AFTER) < 0 ? quarter : WARM_AFTER;
    }

    /** Growth from the start to the end, as a fraction of the start. */
    public double growth() {
        return (endBytes - startBytes) / (double) startBytes;
    }

    /** Growth from the warm sample to the end. */
    public long warmToEndBytes() {
        return endBytes - warmBytes;
    }

    public double warmToEndMinutes() {
        return warmToEndMillis / 60_000.0;
    }
}
