package io.quicroam.simulator.harness;

import io.quicroam.simulator.link.LinkStats;
import io.quicroam.simulator.measure.LongColumns;
import io.quicroam.simulator.measure.PathResult;
import io.quicroam.simulator.measure.PathSample;
import io.quicroam.simulator.relay.RelayStats;
import io.quicroam.simulator.relay.RelayedLink;
import io.quicroam.simulator.scenario.ScenarioLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Samples every simulated interface at the harness's pace: throughput through its link since the previous
 * sample (from the relay's counters) and the agent's view of its path (state, RTT). Called from one thread.
 *
 * <p>Ten samples a second per path add up over a long run (an object and two strings each: ~11 MB an hour), so
 * they are kept as rows of longs ({@link LongColumns}, the states as indexes into a few names) whose size is known
 * ({@link #retainedBytes}), and become {@link PathSample}s only in {@link #results}.
 */
final class PathSampler {
    private static final int AT = 0;
    private static final int UP = 1;
    private static final int DOWN = 2;
    private static final int STATE = 3;
    private static final int RTT = 4;
    private static final int LINK_STATE = 5;

    private final class Series {
        final ScenarioLink link;
        final RelayedLink relayed;
        final LongColumns samples = new LongColumns(6);
        LinkStats last;
        long lastAtNanos;

        Series(ScenarioLink link, RelayedLink relayed) {
            this.link = link;
            this.relayed = relayed;
        }

        List<PathSample> pathSamples() {
            List<PathSample> all = new ArrayList<>(samples.rows());
            for (int i = 0; i < samples.rows(); i++) {
                all.add(new PathSample(
                        samples.get(i, AT),
                        Double.longBitsToDouble(samples.get(i, UP)),
                        Double.longBitsToDouble(samples.get(i, DOWN)),
                        names.get((int) samples.get(i, STATE)),
                        Double.longBitsToDouble(samples.get(i, RTT)),
                        names.get((int) samples.get(i, LINK_STATE))));
            }
            return all;
        }
    }

    private final Map<String, Series> series = new LinkedHashMap<>();
    /** The path and link states seen, each once (a handful); a sample refers to them by index. */
    private final List<String> names = new ArrayList<>();

    PathSampler(List<ScenarioLink> links, Map<String, RelayedLink> relayed) {
        for (ScenarioLink link : links) {
            series.put(link.name(), new Series(link, relayed.get(link.name())));
        }
    }

    /** Records one sample of every path at scenario time {@code atNanos}. */
    void sample(long atNanos, DriverStatus status) {
        for (Series s : series.values()) {
            LinkStats now = s.relayed.stats().link();
            double seconds = s.last == null ? 0 : (atNanos - s.lastAtNanos) / 1e9;
            double up = seconds <= 0
                    ? 0
                    : (now.uplink().offeredBytes() - s.last.uplink().offeredBytes()) * 8 / seconds;
            double down = seconds <= 0
                    ? 0
                    : (now.downlink().deliveredBytes() - s.last.downlink().deliveredBytes()) * 8 / seconds;
            DriverStatus.PathReading path = status.path(s.link.name()).orElse(null);
            s.samples.add(
                    atNanos / 1_000_000,
                    Double.doubleToRawLongBits(up),
                    Double.doubleToRawLongBits(down),
                    nameIndex(path == null ? "none" : path.state()),
                    Double.doubleToRawLongBits(path == null ? Double.NaN : path.rttMillis()),
                    nameIndex(now.state().name().toLowerCase(Locale.ROOT)));
            s.last = now;
            s.lastAtNanos = atNanos;
        }
    }

    private long nameIndex(String name) {
        int index = names.indexOf(name);
        if (index < 0) {
            names.add(name);
            return names.size() - 1;
        }
        return index;
    }

    /**
     * What the samples so far hold on to (a long run's heap figure leaves them out:
     * {@link io.quicroam.simulator.measure.HeapTrend}).
     */
    long retainedBytes() {
        return series.values().stream()
                .mapToLong(s -> s.samples.retainedBytes())
                .sum();
    }

    /** Totals from the links' counters now, and the samples so far. */
    List<PathResult> results() {
        List<PathResult> results = new ArrayList<>();
        for (Series s : series.values()) {
            RelayStats relayStats = s.relayed.stats();
            LinkStats stats = relayStats.link();
            results.add(new PathResult(
                    s.link.name(),
                    s.link.type().label(),
                    stats.uplink().offeredBytes(),
                    stats.downlink().deliveredBytes(),
                    relayStats.tcpBytesUp(),
                    relayStats.tcpBytesDown(),
                    s.pathSamples()));
        }
        return results;
    }
}
