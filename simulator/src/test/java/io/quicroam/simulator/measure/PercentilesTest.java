package io.quicroam.simulator.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnAWorkedExample() {
        double[] values = {15, 20, 35, 40, 50};
        // Ranks: ⌈0.05·5⌉ = 1, ⌈0.3·5⌉ = 2, ⌈0.4·5⌉ = 2, ⌈0.5·5⌉ = 3, ⌈1·5⌉ = 5 (Wikipedia's nearest-rank example).
        assertThat(Percentiles.of(values, 5)).isEqualTo(15);
        assertThat(Percentiles.of(values, 30)).isEqualTo(20);
        assertThat(Percentiles.of(values, 40)).isEqualTo(20);
        assertThat(Percentiles.of(values, 50)).isEqualTo(35);
        assertThat(Percentiles.of(values, 100)).isEqualTo(50);
    }

    @Test
    void ninetyNinthOfAHundredIsTheSecondLargest() {
        double[] values = new double[100];
        Arrays.setAll(values, i -> 100 - i); // 100, 99, ..., 1: unsorted on purpose
        assertThat(Percentiles.of(values, 99)).isEqualTo(99);
        assertThat(LatencySummary.ofMillis(values)).isEqualTo(new LatencySummary(50, 99, 100, 100));
    }

    @Test
    void noValuesGiveNaNAndABadPercentileIsRefused() {
        assertThat(Percentiles.of(new double[0], 50)).isNaN();
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.of(new double[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void aPercentileIsOneOfTheValuesAndAtLeastThatShareIsNoGreater(
            @ForAll @Size(min = 1, max = 200) List<@DoubleRange(min = 0, max = 1e4) Double> list,
            @ForAll @DoubleRange(min = 0.01, max = 100) double p) {
        double[] values = list.stream().mapToDouble(Double::doubleValue).toArray();
        double q = Percentiles.of(values, p);
        assertThat(values).contains(q);
        long atMost = Arrays.stream(values).filter(v -> v <= q).count();
        assertThat((double) atMost).isGreaterThanOrEqualTo(p / 100 * values.length);
        long below = Arrays.stream(values).filter(v -> v < q).count();
        assertThat((double) below).isLessThan(p / 100 * values.length);
    }
}
