package io.quicroam.pathmanager.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class RttEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void beforeAnySampleRtoIsOneSecond() {
        // RFC 6298 §2.1.
        RttEstimator e = new RttEstimator(Duration.ofMillis(1));
        assertThat(e.hasSample()).isFalse();
        assertThat(e.rtoNanos()).isEqualTo(1000 * MS);
    }

    @Test
    void firstSampleSetsSrttAndHalfOfItAsVariance() {
        // RFC 6298 §2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4 RTTVAR).
        RttEstimator e = new RttEstimator(Duration.ofMillis(1));
        e.sample(100 * MS);
        assertThat(e.srttNanos()).isEqualTo(100 * MS);
        assertThat(e.rttvarNanos()).isEqualTo(50 * MS);
        assertThat(e.rtoNanos()).isEqualTo(300 * MS);
    }

    @Test
    void laterSamplesUseAlphaOneEighthAndBetaOneQuarter() {
        // RFC 6298 §2.3: RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'| (old SRTT), then SRTT = 7/8 SRTT + 1/8 R'.
        RttEstimator e = new RttEstimator(Duration.ofMillis(1));
        e.sample(100 * MS);
        e.sample(200 * MS);
        assertThat(e.rttvarNanos()).isEqualTo(62_500_000L); // 37.5 + 25 ms
        assertThat(e.srttNanos()).isEqualTo(112_500_000L); // 87.5 + 25 ms
        assertThat(e.rtoNanos()).isEqualTo(362_500_000L); // 112.5 + 4 * 62.5 ms
    }

    @Test
    void granularityBoundsTheVarianceTerm() {
        // With a perfectly steady RTT RTTVAR decays towards 0 and G takes over.
        RttEstimator e = new RttEstimator(Duration.ofMillis(10));
        for (int i = 0; i < 200; i++) {
            e.sample(20 * MS);
        }
        assertThat(e.srttNanos()).isEqualTo(20 * MS);
        assertThat(e.rtoNanos()).isEqualTo(30 * MS);
    }

    @Test
    void negativeSampleIsRejected() {
        assertThatThrownBy(() -> new RttEstimator(Duration.ofMillis(1)).sample(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Property
    void srttStaysWithinTheRangeOfTheSamples(
            @ForAll @LongRange(min = 1, max = 5_000) long a,
            @ForAll @LongRange(min = 1, max = 5_000) long b,
            @ForAll @LongRange(min = 1, max = 5_000) long c) {
        RttEstimator e = new RttEstimator(Duration.ofMillis(1));
        e.sample(a * MS);
        e.sample(b * MS);
        e.sample(c * MS);
        long min = Math.min(a, Math.min(b, c)) * MS;
        long max = Math.max(a, Math.max(b, c)) * MS;
        assertThat(e.srttNanos()).isBetween(min - 1, max);
        assertThat(e.rtoNanos()).isGreaterThan(e.srttNanos());
    }
}
