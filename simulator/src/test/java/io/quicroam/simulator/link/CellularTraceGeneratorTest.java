package io.quicroam.simulator.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The synthetic cellular traces hold, over a long run, the statistics their profile documents (mean rate, stalls
 * per minute, mean stall length), are the same for the same seed, and land near the real ATT drive traces they
 * were matched to when those are beside the repository.
 */
class CellularTraceGeneratorTest {
    private static final Duration HOUR = Duration.ofHours(1);

    /** The gaps of at least {@code minStall} between consecutive opportunities: stalls, as statistics count them. */
    static List<Long> stalls(MahimahiTrace trace, long minStallMillis) {
        List<Long> stalls = new ArrayList<>();
        for (int i = 1; i < trace.opportunities(); i++) {
            long gap = trace.offsetMillis(i) - trace.offsetMillis(i - 1);
            if (gap >= minStallMillis) {
                stalls.add(gap);
            }
        }
        return stalls;
    }

    static double mean(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).average().orElse(0);
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void anHourOfLteDriveHasTheDocumentedRateStallsAndStallLength(Direction direction) {
        CellularProfile profile = CellularProfile.Named.LTE_DRIVE.profile(direction);
        MahimahiTrace trace = CellularTraceGenerator.generate(profile, 42, HOUR, "test");

        assertThat(trace.periodMillis()).isEqualTo(HOUR.toMillis());
        // Tolerances: the worst deviation of an hour's figure over 30 seeds (rate 4.3 %, stalls per minute 16.7 %,
        // mean stall 9.8 %), with a little room; a run without the stall compensation or the stall excess fails.
        double rate = profile.meanBitsPerSecond();
        assertThat(trace.meanRateBitsPerSecond()).isCloseTo(rate, within(0.06 * rate));
        List<Long> stalls = stalls(trace, profile.minStall().toMillis());
        double perMinute = stalls.size() / 60.0;
        assertThat(perMinute).isCloseTo(profile.stallsPerMinute(), within(0.2 * profile.stallsPerMinute()));
        // A stall's gap also spans the spacing of the opportunities around it: a few milliseconds more.
        double stall = profile.meanStall().toMillis();
        assertThat(mean(stalls)).isCloseTo(stall, within(0.12 * stall));
        assertThat(stalls)
                .allSatisfy(gap -> assertThat(gap)
                        .isGreaterThanOrEqualTo(profile.minStall().toMillis()));
    }

    @Test
    void theRateVariesBetweenStallsAsDocumented() {
        CellularProfile profile = CellularProfile.LTE_DRIVE_DOWNLINK;
        MahimahiTrace trace = CellularTraceGenerator.generate(profile, 7, HOUR, "test");
        // Per-second rates over seconds without a stall: their spread is the profile's variation, a little less
        // because a second may straddle two segments and average them.
        int seconds = (int) (trace.periodMillis() / 1000);
        int[] perSecond = new int[seconds];
        boolean[] stalled = new boolean[seconds];
        for (int i = 0; i < trace.opportunities(); i++) {
            int second = (int) Math.min(seconds - 1, trace.offsetMillis(i) / 1000);
            perSecond[second]++;
            if (i > 0
                    && trace.offsetMillis(i) - trace.offsetMillis(i - 1)
                            >= profile.minStall().toMillis()) {
                for (long ms = trace.offsetMillis(i - 1); ms <= trace.offsetMillis(i); ms += 1000) {
                    stalled[(int) Math.min(seconds - 1, ms / 1000)] = true;
                }
                stalled[(int) Math.min(seconds - 1, trace.offsetMillis(i) / 1000)] = true;
            }
        }
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int s = 0; s < seconds; s++) {
            if (!stalled[s]) {
                sum += perSecond[s];
                squares += (double) perSecond[s] * perSecond[s];
                n++;
            }
        }
        double mean = sum / n;
        double variation = Math.sqrt(squares / n - mean * mean) / mean;
        assertThat(mean * MahimahiTrace.IP_BYTES_PER_OPPORTUNITY * 8)
                .isCloseTo(profile.movingBitsPerSecond(), within(0.06 * profile.movingBitsPerSecond()));
        assertThat(variation).isBetween(0.5 * profile.rateVariation(), 1.1 * profile.rateVariation());
    }

    @Test
    void theSameSeedGivesTheSameTraceAndAnotherSeedAnother() {
        CellularProfile profile = CellularProfile.LTE_DRIVE_UPLINK;
        Duration length = Duration.ofMinutes(2);
        MahimahiTrace a = CellularTraceGenerator.generate(profile, 3, length, "a");
        MahimahiTrace b = CellularTraceGenerator.generate(profile, 3, length, "b");
        MahimahiTrace c = CellularTraceGenerator.generate(profile, 4, length, "c");

        assertThat(offsets(a)).isEqualTo(offsets(b));
        assertThat(offsets(a)).isNotEqualTo(offsets(c));
    }

    private static long[] offsets(MahimahiTrace trace) {
        long[] offsets = new long[trace.opportunities()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = trace.offsetMillis(i);
        }
        return offsets;
    }

    /** An extra check against the real traces the profile was matched to, when they are beside the repository. */
    @ParameterizedTest
    @EnumSource(Direction.class)
    void theProfileMatchesTheRealAttDriveTrace(Direction direction) throws IOException {
        String file = direction == Direction.UPLINK ? "ATT-LTE-driving-2016.up.gz" : "ATT-LTE-driving-2016.down.gz";
        MahimahiTrace real = MahimahiTrace.load(SharedTraces.file(file));
        CellularProfile profile = CellularProfile.Named.LTE_DRIVE.profile(direction);
        List<Long> stalls = stalls(real, profile.minStall().toMillis());
        double minutes = real.periodMillis() / 60_000.0;

        assertThat(real.meanRateBitsPerSecond()).isCloseTo(profile.meanBitsPerSecond(), within(0.01e6));
        assertThat(stalls.size() / minutes).isCloseTo(profile.stallsPerMinute(), within(0.1));
        assertThat(mean(stalls)).isCloseTo(profile.meanStall().toMillis(), within(10.0));
    }
}
