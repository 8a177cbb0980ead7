package io.quicroam.simulator.harness;

import io.quicroam.simulator.link.LinkStats;
import io.quicroam.simulator.measure.PathResult;
import io.quicroam.simulator.measure.PathSample;
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
 */
final class PathSampler {
    private final class Series {
        final ScenarioLink link;
        final RelayedLink relayed;
        final List<PathSample> samples = new ArrayList<>();
        LinkStats last;
        long lastAtNanos;

        Series(ScenarioLink link, RelayedLink relayed) {
            this.link = link;
            this.relayed = relayed;
        }
    }

    private final Map<String, Series> series = new LinkedHashMap<>();

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
            s.samples.add(new PathSample(
                    atNanos / 1_000_000,
                    up,
                    down,
                    path == null ? "none" : path.state(),
                    path == null ? Double.NaN : path.rttMillis(),
                    now.state().name().toLowerCase(Locale.ROOT)));
            s.last = now;
            s.lastAtNanos = atNanos;
        }
    }

    /** Totals from the links' counters now, and the samples so far. */
    List<PathResult> results() {
        List<PathResult> results = new ArrayList<>();
        for (Series s : series.values()) {
            LinkStats stats = s.relayed.stats().link();
            results.add(new PathResult(
                    s.link.name(),
                    s.link.type().label(),
                    stats.uplink().offeredBytes(),
                    stats.downlink().deliveredBytes(),
                    s.samples));
        }
        return results;
    }
}
