package io.quicroam.pathmanager.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fade signals from transport samples every 100 ms, on a virtual clock, for a 250 packets/s flow. */
class FadeDetectorTest {
    private static final long MS = 1_000_000L;
    private static final int PPS = 250;
    private static final int PACKET = 1000;

    private final FadeDetector detector = new FadeDetector();
    private long now;
    private long sent;
    private long lost;
    private long bytes;
    /** The congestion window the samples report (0: unknown). */
    private long cwnd;

    /** One 100 ms sample with {@code lossRatio} of this interval's packets lost and the given RTT and rate. */
    private Optional<FadeSignal> step(long rttMs, double lossRatio, long deliveryRate) {
        now += 100 * MS;
        long packets = PPS / 10;
        sent += packets;
        lost += Math.round(packets * lossRatio);
        bytes += packets * PACKET;
        return detector.sample(new TransportSample(rttMs * MS, sent, lost, bytes, deliveryRate, cwnd), now);
    }

    private Optional<FadeSignal> healthy(int samples) {
        Optional<FadeSignal> last = Optional.empty();
        for (int i = 0; i < samples; i++) {
            last = step(10 + i % 3, 0, 5_000_000);
            assertThat(last).as("healthy sample %d", i).isEmpty();
        }
        return last;
    }

    @Test
    void aSteadyHealthyPathSignalsNothing() {
        healthy(300);
    }

    @Test
    void twoLossesInASecondWhileTheWindowHasRoomMakeThePathWaverForTwoSeconds() {
        cwnd = 100_000; // the flow asks 250 kB/s × 10 ms = 2.5 kB of it
        healthy(20);
        assertThat(detector.waveringUntilNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(step(10, 0.04, 5_000_000)).isEmpty(); // one packet lost
        assertThat(detector.waveringUntilNanos()).as("one loss is not enough").isEqualTo(Long.MIN_VALUE);
        assertThat(step(10, 0.04, 5_000_000)).as("no fade signal yet").isEmpty();
        long signAt = now;
        assertThat(detector.waveringUntilNanos()).isEqualTo(signAt + 2000 * MS);
        healthy(30);
        // The sign lasts while both losses are in the last second (the first leaves it 1 s after it), then 2 s.
        assertThat(detector.waveringUntilNanos()).isEqualTo(signAt + 800 * MS + 2000 * MS);
        assertThat(detector.waveringUntilNanos()).as("no new sign: it ends").isLessThan(now);
    }

    @Test
    void lossesOfTrafficThatFillsItsWindowAreItsOwnNotTheNetworks() {
        cwnd = 4_000; // the flow asks 2.5 kB of it per RTT: more than half
        healthy(20);
        step(10, 0.04, 5_000_000);
        step(10, 0.04, 5_000_000);
        step(10, 0.04, 5_000_000);
        assertThat(detector.waveringUntilNanos()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rttWellAboveTheBaselineIsInflationAfterThreeSamples() {
        healthy(50);
        // Baseline 10 ms: above 2 × 10 + 50 = 70 ms is inflated.
        assertThat(step(68, 0, 5_000_000)).isEmpty();
        assertThat(step(75, 0, 5_000_000))
                .as("one inflated sample is not enough")
                .isEmpty();
        assertThat(step(80, 0, 5_000_000)).as("nor two").isEmpty();
        assertThat(step(85, 0, 5_000_000)).contains(FadeSignal.RTT_INFLATION);
    }

    /** As {@link #step}, the sample arriving {@code lateMs} after its 100 ms: the CPU was busy elsewhere. */
    private Optional<FadeSignal> stepLate(long rttMs, long lateMs) {
        now += lateMs * MS;
        return step(rttMs, 0, 5_000_000);
    }

    @Test
    void rttRisenWithTheMachinesOwnStallsIsNoFade() {
        healthy(50);
        // A loaded CPU: each sample 60-140 ms late (95 on average), and the RTT QUIC measures climbs by more than
        // twice that within a second (ACKs read late on both ends): 10 ms -> 150 ms, above the 70 ms bar.
        long[] late = {60, 100, 140, 80};
        for (int i = 0; i < 100; i++) {
            long rtt = Math.min(150, 10 + 14L * (i + 1));
            assertThat(stepLate(rtt, late[i % late.length]))
                    .as("sample %d of a loaded CPU", i)
                    .isEmpty();
        }
        // The same RTT with the samples on time again (the stall a second behind): the path itself is slow.
        Optional<FadeSignal> signal = Optional.empty();
        for (int i = 0; i < 15 && signal.isEmpty(); i++) {
            signal = step(150, 0, 5_000_000);
        }
        assertThat(signal).contains(FadeSignal.RTT_INFLATION);
    }

    @Test
    void aPathThatStartsCarryingIsJudgedAtOnceDespiteItsSlowerStandbyRhythm() {
        // Read every second as a standby, then every 100 ms: the long intervals are its rhythm, not a stall.
        for (int i = 0; i < 10; i++) {
            now += 900 * MS;
            assertThat(step(10, 0, 5_000_000)).isEmpty();
        }
        now += 250 * MS; // it took over 350 ms after its last standby sample
        assertThat(step(150, 0, 5_000_000)).isEmpty();
        assertThat(step(150, 0, 5_000_000)).isEmpty();
        assertThat(step(150, 0, 5_000_000)).contains(FadeSignal.RTT_INFLATION);
    }

    @Test
    void aStallOfTwoSamplesFlipsNothing() {
        healthy(50);
        assertThat(step(200, 0, 5_000_000)).isEmpty();
        assertThat(step(150, 0, 5_000_000)).isEmpty();
        healthy(50);
    }

    @Test
    void climbingLossIsSeenWithinASecondOfPassingThreePercent() {
        healthy(50);
        // Loss climbs 0.5 percentage points per 100 ms, as a fading Wi-Fi's does.
        int samples = 0;
        Optional<FadeSignal> signal = Optional.empty();
        while (signal.isEmpty() && samples < 100) {
            samples++;
            signal = step(10, 0.005 * samples, 5_000_000);
        }
        assertThat(signal).contains(FadeSignal.LOSS);
        // Mean loss over the window passes 3% after ~1 s of the climb; seen by the next samples.
        assertThat(samples).isBetween(8, 16);
    }

    @Test
    void aBurstOfLossInAQuietSecondIsNotLoss() {
        healthy(50);
        // Two packets lost in a second: under the four a judgement needs.
        assertThat(step(10, 0.08, 5_000_000)).isEmpty();
        healthy(20);
    }

    @Test
    void deliveringLessThanTheTrafficSendsWhileTheRttRisesIsRate() {
        healthy(50);
        // 250 kB/s sent, 100 kB/s delivered, RTT 1.6 × the baseline (under inflation).
        assertThat(step(16, 0, 100_000)).isEmpty();
        assertThat(step(16, 0, 100_000)).contains(FadeSignal.RATE);
    }

    @Test
    void aLowDeliveryRateEstimateWithAFlatRttIsNotRate() {
        healthy(50);
        for (int i = 0; i < 20; i++) {
            assertThat(step(10, 0, 100_000)).isEmpty();
        }
    }

    @Test
    void aRestartedConnectionStartsItsCountsAfresh() {
        healthy(50);
        sent = 0;
        lost = 0;
        bytes = 0;
        healthy(20);
    }

    @Test
    void inflatedIsJudgedAgainstTheBaselineOnly() {
        assertThat(detector.inflated(500 * MS)).as("no baseline yet").isFalse();
        healthy(10);
        assertThat(detector.inflated(65 * MS)).isFalse();
        assertThat(detector.inflated(75 * MS)).isTrue();
    }
}
