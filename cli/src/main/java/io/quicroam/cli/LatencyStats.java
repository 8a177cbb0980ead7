package io.quicroam.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Round-trip times of one benchmark run, in nanoseconds, and the figures a user reads from several runs. Public for
 * the kernel lab's ping comparison (cli's tests, package {@code kernel}), which reports the same figures.
 */
public record LatencyStats(long p50, long p99, long max, int samples, int lost) {

    /** The figures of one run; sorts {@code rtts} in place. */
    public static LatencyStats of(long[] rtts, int count, int lost) {
        Arrays.sort(rtts, 0, count);
        return count == 0
                ? new LatencyStats(0, 0, 0, 0, lost)
                : new LatencyStats(
                        percentile(rtts, count, 50), percentile(rtts, count, 99), rtts[count - 1], count, lost);
    }

    /** Nearest-rank percentile of the first {@code count} sorted values. */
    static long percentile(long[] sorted, int count, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * count);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The median of the runs' figure and its spread (lowest, highest), in microseconds. */
    static Map<String, Object> spread(List<LatencyStats> runs, ToLongFunction<LatencyStats> figure) {
        List<Long> values = new ArrayList<>();
        runs.forEach(run -> values.add(figure.applyAsLong(run)));
        Collections.sort(values);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("median_us", micros(values.get(values.size() / 2)));
        out.put("min_us", micros(values.get(0)));
        out.put("max_us", micros(values.get(values.size() - 1)));
        return out;
    }

    public static double micros(long nanos) {
        return Math.round(nanos / 100.0) / 10.0;
    }
}
