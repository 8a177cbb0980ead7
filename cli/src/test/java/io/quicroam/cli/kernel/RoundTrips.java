package io.quicroam.cli.kernel;

import io.quicroam.cli.LatencyStats;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * The echoes one client sent, the round-trip times of those answered, and the gaps between its consecutive sends (how
 * it actually paced them), in nanoseconds.
 */
record RoundTrips(int sent, long[] nanos, long[] gaps) {
    RoundTrips plus(RoundTrips more) {
        return new RoundTrips(sent + more.sent, concat(nanos, more.nanos), concat(gaps, more.gaps));
    }

    int lost() {
        return sent - nanos.length;
    }

    /** How far apart the echoes left: p50, p99 and max of the gaps between consecutive sends; 0 without any. */
    LatencyStats spacing() {
        return LatencyStats.of(gaps.clone(), gaps.length, 0);
    }

    /**
     * min / p50 / avg / p99 / max in milliseconds (p50, p99 and max as {@code quicroam bench latency} takes them), and
     * the p50 and p99 of the gaps between sends.
     */
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
        LatencyStats spacing = spacing();
        out.put("send_gap_p50_ms", millis(spacing.p50()));
        out.put("send_gap_p99_ms", millis(spacing.p99()));
        out.put("send_gaps", gaps.length);
        return out;
    }

    private static long[] concat(long[] a, long[] b) {
        return LongStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
    }

    /** Milliseconds to the microsecond. */
    private static double millis(long nanos) {
        return Math.round(LatencyStats.micros(nanos)) / 1000.0;
    }
}
