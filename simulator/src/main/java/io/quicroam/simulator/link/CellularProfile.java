package io.quicroam.simulator.link;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of a synthetic cellular link direction (see {@link CellularTraceGenerator}): the long-run mean
 * rate, how much the rate varies and how often it changes while the link moves data, and how often it stalls
 * (delivers nothing) and for how long. A stall is a gap of at least {@code minStall} between two delivery
 * opportunities, the way the traces' statistics count one. Immutable.
 *
 * @param meanBitsPerSecond long-run mean IP rate, stalls included (mahimahi's lines × 1500 B × 8 / duration)
 * @param rateVariation coefficient of variation (standard deviation / mean) of the rate between stalls
 * @param meanSegment how long the rate holds on average before it changes (exponentially distributed)
 * @param stallsPerMinute how many stalls a minute of trace holds on average
 * @param meanStall mean stall length (at least {@code minStall}; the excess is exponentially distributed)
 * @param minStall the shortest gap that counts as a stall
 */
public record CellularProfile(
        double meanBitsPerSecond,
        double rateVariation,
        Duration meanSegment,
        double stallsPerMinute,
        Duration meanStall,
        Duration minStall) {

    /** The shortest gap counted as a stall in the statistics the profiles match. */
    private static final Duration STALL = Duration.ofMillis(500);

    /**
     * A drive with LTE, matched per direction to mahimahi's ATT-LTE-driving-2016 traces (ravinet/mahimahi,
     * {@code traces/}, recorded with Sprout's Saturator: Winstein, Sivaraman, Balakrishnan, "Stochastic Forecasts
     * Achieve High Throughput and Low Delay over Cellular Networks", NSDI 2013), measured over their 120 s: uplink
     * 1.91 Mbit/s with 9 gaps of at least 500 ms (mean 1.53 s, longest 4.1 s); downlink 4.56 Mbit/s with 7 such
     * gaps (mean 0.75 s, longest 1.1 s); the rate per second varies with a standard deviation of about 0.85 of its
     * mean in both. Only these figures are taken from the traces, no data.
     */
    public static final CellularProfile LTE_DRIVE_UPLINK =
            new CellularProfile(1.91e6, 0.7, Duration.ofSeconds(1), 4.5, Duration.ofMillis(1530), STALL);

    /** See {@link #LTE_DRIVE_UPLINK}. */
    public static final CellularProfile LTE_DRIVE_DOWNLINK =
            new CellularProfile(4.56e6, 0.7, Duration.ofSeconds(1), 3.5, Duration.ofMillis(750), STALL);

    /** The profiles a scenario names, by direction. */
    public enum Named {
        LTE_DRIVE(LTE_DRIVE_UPLINK, LTE_DRIVE_DOWNLINK);

        private final CellularProfile uplink;
        private final CellularProfile downlink;

        Named(CellularProfile uplink, CellularProfile downlink) {
            this.uplink = uplink;
            this.downlink = downlink;
        }

        public CellularProfile profile(Direction direction) {
            return direction == Direction.UPLINK ? uplink : downlink;
        }

        /** The name a scenario writes, e.g. {@code lte-drive}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Optional<Named> of(String label) {
            for (Named named : values()) {
                if (named.label().equals(label)) {
                    return Optional.of(named);
                }
            }
            return Optional.empty();
        }
    }

    public CellularProfile {
        Objects.requireNonNull(meanSegment, "meanSegment");
        Objects.requireNonNull(meanStall, "meanStall");
        Objects.requireNonNull(minStall, "minStall");
        if (!(meanBitsPerSecond > 0) || rateVariation < 0 || meanSegment.toMillis() < 1 || stallsPerMinute < 0) {
            throw new IllegalArgumentException("rate > 0, variation >= 0, segment >= 1 ms and stalls >= 0 needed");
        }
        if (meanStall.compareTo(minStall) < 0 || minStall.toMillis() < 1) {
            throw new IllegalArgumentException("the mean stall must be at least the shortest one (>= 1 ms)");
        }
        if (stallsPerMinute / 60 * meanStall.toMillis() / 1000.0 >= 1) {
            throw new IllegalArgumentException("stalls would fill the whole trace: " + this);
        }
    }

    /** The share of time spent stalled: stalls per second × mean stall length. */
    public double stallFraction() {
        return stallsPerMinute / 60 * meanStall.toMillis() / 1000.0;
    }

    /** The mean rate between stalls, so that the long-run mean, stalls included, is {@link #meanBitsPerSecond}. */
    public double movingBitsPerSecond() {
        return meanBitsPerSecond / (1 - stallFraction());
    }
}
