package io.quicroam.simulator.measure;

import java.util.Arrays;

/** Order statistics by the nearest-rank method: the p-th percentile of n values is the ⌈p/100·n⌉-th smallest. */
public final class Percentiles {
    private Percentiles() {}

    /** {@code p} in (0, 100] of {@code values}; NaN when there are none. Sorts a copy. */
    public static double of(double[] values, double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, p);
    }

    static double ofSorted(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
