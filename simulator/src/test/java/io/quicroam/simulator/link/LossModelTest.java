package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static io.quicroam.simulator.link.Time.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class LossModelTest {
    private static final int PACKETS = 100_000;

    /** Sequence numbers lost out of {@link #PACKETS} sent 0.1 ms apart. */
    private static BitSet lostPackets(LossModel model, long seed) {
        Recorder recorder = new Recorder();
        LinkDirection link = new LinkDirection(DirectionConfig.IDEAL.withLoss(model), seed, 0, recorder);
        for (int i = 0; i < PACKETS; i++) {
            link.offer(numbered(i, 64), ms(i * 0.1));
        }
        BitSet lost = new BitSet(PACKETS);
        lost.set(0, PACKETS);
        recorder.deliveries.forEach(d -> lost.clear(d.sequence()));
        assertThat(link.stats().dropped(LinkDropReason.LOSS)).isEqualTo(lost.cardinality());
        return lost;
    }

    @Test
    void bernoulliLosesItsProbabilityOfPackets() {
        BitSet lost = lostPackets(new LossModel.Bernoulli(0.05), 11);

        // 5% of 10^5: σ ≈ 69 packets; ±500 is about 7σ.
        assertThat(lost.cardinality()).isCloseTo(5_000, within(500));
        assertThat(lostPackets(LossModel.NONE, 11).cardinality()).isZero();
        assertThat(lostPackets(new LossModel.Bernoulli(1), 11).cardinality()).isEqualTo(PACKETS);
    }

    @Test
    void gilbertElliottMeanIsStationaryMixOfStateLosses() {
        LossModel.GilbertElliott model = new LossModel.GilbertElliott(0.02, 0.2, 0.01, 0.5);
        double bad = 0.02 / (0.02 + 0.2);
        assertThat(model.meanLoss()).isCloseTo(bad * 0.5 + (1 - bad) * 0.01, within(1e-12));

        BitSet lost = lostPackets(model, 12);

        double rate = lost.cardinality() / (double) PACKETS;
        assertThat(rate).isCloseTo(model.meanLoss(), within(model.meanLoss() * 0.1));
        // Bursty: a loss right after a loss is far likelier than on average (≈ 0.34 here vs 0.055).
        long afterLoss = lost.stream().filter(i -> lost.get(i + 1)).count();
        assertThat(afterLoss / (double) lost.cardinality()).isGreaterThan(4 * rate);
    }

    @Test
    void lossPatternDependsOnlyOnTheSeed() {
        LossModel model = new LossModel.Bernoulli(0.1);

        assertThat(lostPackets(model, 5)).isEqualTo(lostPackets(model, 5)).isNotEqualTo(lostPackets(model, 6));
    }

    @Test
    void seedsDifferPerLinkAndDirectionAndAreStable() {
        assertThat(Seeds.derive(1, "wifi", "UPLINK"))
                .isEqualTo(Seeds.derive(1, "wifi", "UPLINK"))
                .isNotEqualTo(Seeds.derive(1, "wifi", "DOWNLINK"))
                .isNotEqualTo(Seeds.derive(1, "lte", "UPLINK"))
                .isNotEqualTo(Seeds.derive(2, "wifi", "UPLINK"));
        assertThat(Seeds.derive(1, "ab", "c")).isNotEqualTo(Seeds.derive(1, "a", "bc"));
    }

    @Test
    void invalidProbabilitiesAreRefusedByName() {
        assertThatThrownBy(() -> new LossModel.Bernoulli(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("probability");
        assertThatThrownBy(() -> new LossModel.GilbertElliott(0.1, 0.1, Double.NaN, 0.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lossInGood");
        assertThatThrownBy(() -> new LossModel.GilbertElliott(0, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stationary");
    }
}
