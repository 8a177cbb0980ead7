package io.quicroam.simulator.measure;

import java.util.Arrays;

/** Median, 99th percentile and maximum of a set of delays, in milliseconds; NaN when nothing was measured. */
public record LatencySummary(double p50, double p99, double max, int samples) {

    public static final LatencySummary EMPTY = new LatencySummary(Double.NaN, Double.NaN, Double.NaN, 0);

    public static LatencySummary ofMillis(double[] millis) {
        if (millis.length == 0) {
            return EMPTY;
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new LatencySummary(
                Percentiles.ofSorted(sorted, 50),
                Percentiles.ofSorted(sorted, 99),
                sorted[sorted.length - 1],
                sorted.length);
    }
}
