package io.quicroam.pathmanager.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AuditionTest {
    private final Audition audition = new Audition();

    @Test
    void tenAnswersWithAtMostOneMissPassAndTheSecondMissFails() {
        audition.begin(100);
        audition.record(150, false);
        for (int i = 0; i < Audition.ANSWERS - 1; i++) {
            assertThat(audition.record(200 + i, true)).isEqualTo(Audition.Outcome.PENDING);
        }
        assertThat(audition.record(300, true)).isEqualTo(Audition.Outcome.PASSED);
        assertThat(audition.passed()).isTrue();
        assertThat(audition.record(310, true)).as("passed once").isEqualTo(Audition.Outcome.PENDING);
        assertThat(audition.record(320, false)).isEqualTo(Audition.Outcome.FAILED);
        assertThat(audition.on()).isFalse();
        assertThat(audition.passed()).isFalse();
    }

    @Test
    void onlyProbesSentSinceItBeganCount() {
        audition.record(50, true);
        audition.begin(100);
        assertThat(audition.record(99, false)).isEqualTo(Audition.Outcome.PENDING);
        assertThat(audition.record(98, false)).as("sent before it began").isEqualTo(Audition.Outcome.PENDING);
        audition.begin(200); // already on: goes on
        for (int i = 0; i < Audition.ANSWERS; i++) {
            audition.record(150 + i, true);
        }
        assertThat(audition.passed()).isTrue();
    }

    @Test
    void anEndedAuditionStartsAfreshAndPassesNothing() {
        audition.begin(0);
        for (int i = 0; i < Audition.ANSWERS; i++) {
            audition.record(10 + i, true);
        }
        audition.end();
        assertThat(audition.passed()).isFalse();
        audition.begin(1000);
        assertThat(audition.record(1001, true)).isEqualTo(Audition.Outcome.PENDING);
        assertThat(audition.passed()).isFalse();
    }
}
