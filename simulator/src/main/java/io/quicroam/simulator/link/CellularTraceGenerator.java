package io.quicroam.simulator.link;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws a synthetic cellular packet-delivery trace from a {@link CellularProfile} and a seed: a Markov-modulated
 * rate process with stalls. The link alternates between moving data and stalling. While it moves, its rate holds
 * for an exponentially distributed time (mean {@code meanSegment}) and then jumps to a fresh log-normal draw with
 * the moving mean and the profile's coefficient of variation; opportunities are spread evenly at that rate (one
 * per 1500 bytes, several in one millisecond when the rate exceeds 12 Mbit/s). Stalls come as a Poisson process
 * over moving time and last {@code minStall} plus an exponential excess, so the long run has the profile's stalls
 * per minute, stall length and mean rate. The same profile, seed and length give the same trace.
 */
public final class CellularTraceGenerator {
    private static final double BITS_PER_OPPORTUNITY = MahimahiTrace.IP_BYTES_PER_OPPORTUNITY * 8.0;

    private final CellularProfile profile;
    private final SplittableRandom random;
    private final double sigma;
    private final double mu;
    private final double movingMillisPerStall;
    private long[] offsets = new long[4096];
    private int count;

    private CellularTraceGenerator(CellularProfile profile, long seed) {
        this.profile = profile;
        this.random = new SplittableRandom(seed);
        // Log-normal with mean m and coefficient of variation c: sigma² = ln(1 + c²), mu = ln(m) − sigma² / 2.
        double variance = Math.log(1 + profile.rateVariation() * profile.rateVariation());
        this.sigma = Math.sqrt(variance);
        this.mu = Math.log(profile.movingBitsPerSecond()) - variance / 2;
        // Stalls per minute count wall time; over moving time they come 1 / (1 − stall fraction) times as often.
        this.movingMillisPerStall = profile.stallsPerMinute() == 0
                ? Double.POSITIVE_INFINITY
                : 60_000 * (1 - profile.stallFraction()) / profile.stallsPerMinute();
    }

    /** A trace of {@code length} (its period, at least one second) for {@code profile}, drawn from {@code seed}. */
    public static MahimahiTrace generate(CellularProfile profile, long seed, Duration length, String source) {
        if (length.toMillis() < 1000) {
            throw new IllegalArgumentException("a synthetic trace lasts at least 1 s, got " + length);
        }
        return new CellularTraceGenerator(profile, seed).run(length.toMillis(), source);
    }

    private MahimahiTrace run(long lengthMillis, String source) {
        double untilStall = exponential(movingMillisPerStall);
        double segmentLeft = 0;
        double opportunitiesPerMilli = 0;
        double credit = random.nextDouble(); // the phase of the first opportunity
        long now = 0;
        while (now < lengthMillis) {
            if (untilStall <= 0) {
                now += stallMillis();
                untilStall = exponential(movingMillisPerStall);
                continue;
            }
            if (segmentLeft <= 0) {
                segmentLeft = exponential(profile.meanSegment().toMillis());
                opportunitiesPerMilli = Math.exp(mu + sigma * random.nextGaussian()) / BITS_PER_OPPORTUNITY / 1000;
            }
            credit += opportunitiesPerMilli;
            for (; credit >= 1; credit--) {
                add(now);
            }
            now++;
            segmentLeft--;
            untilStall--;
        }
        // The period is the last offset (mahimahi's looping rule): end the trace on its length exactly.
        add(lengthMillis);
        return MahimahiTrace.of(source, Arrays.copyOf(offsets, count));
    }

    private long stallMillis() {
        long min = profile.minStall().toMillis();
        return min + Math.round(exponential(profile.meanStall().toMillis() - min));
    }

    private double exponential(double mean) {
        return mean == 0 ? 0 : -mean * Math.log(1 - random.nextDouble());
    }

    private void add(long millis) {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
        }
        offsets[count++] = millis;
    }
}
