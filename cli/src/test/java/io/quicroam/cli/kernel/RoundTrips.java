package io.quicroam.cli.kernel;

import io.quicroam.cli.LatencyStats;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;

/** The echoes one client sent and the round-trip times of those answered, in nanoseconds. */
record RoundTrips(int sent, long[] nanos) {
    static final RoundTrips NONE = new RoundTrips(0, new long[0]);

    RoundTrips plus(RoundTrips more) {
        return new RoundTrips(
                sent + more.sent,
                LongStream.concat(Arrays.stream(nanos), Arrays.stream(more.nanos))
                        .toArray());
    }

    int lost() {
        return sent - nanos.length;
    }

    /** min / p50 / avg / p99 / max in milliseconds (p50, p99 and max as {@code quicroam bench latency} takes them). */
    Map<String, Object> figures() {
        long[] sorted = nanos.clone();
        LatencyStats stats = LatencyStats.of(sorted, sorted.length, lost());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("min_ms", millis(sorted.length == 0 ? 0 : sorted[0]));
        out.put("p50_ms", millis(stats.p50()));
        out.put("avg_ms", millis((long) Arrays.stream(sorted).average().orElse(0)));
        out.put("p99_ms", millis(stats.p99()));
        out.put("max_ms", millis(stats.max()));
        out.put("sent", sent);
        out.put("lost", lost());
        return out;
    }

    /** Milliseconds to the microsecond. */
    private static double millis(long nanos) {
        return Math.round(LatencyStats.micros(nanos)) / 1000.0;
    }
}
