package io.quicroam.pathmanager.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LossWindowTest {
    @Test
    void countsLossesOfTheLastNProbesOnly() {
        LossWindow w = new LossWindow(4);
        assertThat(w.lossRatio()).isZero();
        w.record(true);
        w.record(false);
        assertThat(w.lossRatio()).isEqualTo(0.5);
        w.record(false);
        w.record(false);
        assertThat(w.lossRatio()).isEqualTo(0.25);
        w.record(false); // the loss slides out
        assertThat(w.lossRatio()).isZero();
        assertThat(w.size()).isEqualTo(4);
    }
}
