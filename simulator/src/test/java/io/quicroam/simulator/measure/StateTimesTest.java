package io.quicroam.simulator.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateTimesTest {
    private static PathSample at(long ms, String state) {
        return new PathSample(ms, 0, 0, state, Double.NaN, "up");
    }

    @Test
    void eachIntervalCountsForTheStateItBeganIn() {
        Map<String, Long> times = StateTimes.of(List.of(
                at(0, "probing"),
                at(100, "active-capable"),
                at(600, "failed"),
                at(900, "active-capable"),
                at(1400, "active-capable")));
        assertThat(times)
                .containsExactly(
                        Map.entry("probing", 100L), Map.entry("active-capable", 1000L), Map.entry("failed", 300L));
    }
}
