package io.quicroam.pathmanager.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.TestSettings;
import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The state machine alone: PROBING -> ACTIVE_CAPABLE -> SUSPECT -> FAILED with hysteresis both ways. */
class PathHealthTest {
    private static final long MS = 1_000_000L;
    private final VirtualTime time = new VirtualTime();
    private final PathHealth health =
            new PathHealth("wlan0", TestSettings.probes(), time.clock(), 0, new FailureRecord());

    @Test
    void firstAnswerMakesThePathCapable() {
        assertThat(health.state()).isEqualTo(PathState.PROBING);
        assertThat(health.answered(20 * MS, false, 20 * MS)).contains(PathState.ACTIVE_CAPABLE);
    }

    @Test
    void threeConsecutiveLossesMakeItSuspectSixMakeItFailed() {
        health.answered(20 * MS, false, 0);
        assertThat(health.lost(false, false, 1)).isEmpty();
        assertThat(health.lost(false, false, 2)).isEmpty();
        assertThat(health.lost(false, false, 3)).contains(PathState.SUSPECT);
        assertThat(health.lost(false, false, 4)).isEmpty();
        assertThat(health.lost(false, false, 5)).isEmpty();
        assertThat(health.lost(false, false, 6)).contains(PathState.FAILED);
    }

    /**
     * Silent: probes lost outright, nothing heard. A path that answers late, or whose user traffic still arrives
     * between its lost probes, is slow or lossy and never silent, however many probes it loses.
     */
    @Test
    void aPathIsSilentOnlyWhileNothingAtAllIsHeardFromIt() {
        health.answered(20 * MS, false, 0);
        health.lost(false, false, 1);
        health.lost(false, false, 2);
        assertThat(health.silent()).isFalse();
        assertThat(health.lost(false, false, 3)).contains(PathState.SUSPECT);
        assertThat(health.silent()).isTrue();
        health.lateAnswer(400 * MS);
        assertThat(health.silent()).as("answered, late").isFalse();
        for (int i = 4; i < 20; i++) {
            health.lost(false, true, i);
        }
        assertThat(health.silent()).as("its user traffic arrives").isFalse();
        assertThat(health.state()).isEqualTo(PathState.SUSPECT);
    }

    @Test
    void anAnswerBetweenLossesResetsTheCount() {
        health.answered(20 * MS, false, 0);
        health.lost(false, false, 1);
        health.lost(false, false, 2);
        health.answered(20 * MS, false, 3);
        assertThat(health.lost(false, false, 4)).isEmpty();
        assertThat(health.lost(false, false, 5)).isEmpty();
        assertThat(health.state()).isEqualTo(PathState.ACTIVE_CAPABLE);
    }

    @Test
    void aLateAnswerResetsTheLossesInARowAndTeachesTheRtoThePathsNewPace() {
        health.answered(60 * MS, false, 0);
        long before = health.probeTimeoutNanos();
        health.lost(false, false, 1);
        health.lost(false, false, 2);
        health.lateAnswer(300 * MS); // the first of them, answered after 300 ms
        assertThat(health.probeTimeoutNanos()).isGreaterThan(before + 200 * MS);
        assertThat(health.lost(false, false, 3))
                .as("two losses in a row, not three")
                .isEmpty();
        assertThat(health.state()).isEqualTo(PathState.ACTIVE_CAPABLE);
    }

    @Test
    void userTrafficAfterALostProbeIsProofOfLifeUntilTheLossRatioShowsAFadingNetwork() {
        for (int i = 0; i < 6; i++) {
            health.answered(20 * MS, false, i);
        }
        // Traffic heard after each lost probe: never "silent", whatever the run of losses.
        assertThat(health.lost(false, true, 10)).isEmpty();
        assertThat(health.state()).isEqualTo(PathState.ACTIVE_CAPABLE);
        // But 2 of 8 probes lost (≥ 25 % over ≥ 8 probes) is a fading network: SUSPECT.
        assertThat(health.lost(false, true, 11)).contains(PathState.SUSPECT);
        assertThat(health.lossRatio()).isGreaterThanOrEqualTo(0.25);
    }

    @Test
    void suspectNeedsTwoAnswersInARowToRecover() {
        health.answered(20 * MS, false, 0);
        for (int i = 0; i < 3; i++) {
            health.lost(false, false, i);
        }
        assertThat(health.answered(20 * MS, false, 10)).isEmpty();
        assertThat(health.answered(20 * MS, false, 11)).contains(PathState.ACTIVE_CAPABLE);
        assertThat(health.stateSinceNanos()).isEqualTo(11);
    }

    @Test
    void probeTimeoutIsTheRtoClampedBetweenTimeoutMinAndThreeSeconds() {
        assertThat(health.probeTimeoutNanos()).isEqualTo(RttEstimator.INITIAL_RTO_NANOS);
        health.answered(10 * MS, false, 0); // RTO = 10 + 4*5 = 30 ms < 100 ms minimum
        assertThat(health.probeTimeoutNanos()).isEqualTo(100 * MS);
        PathHealth slow = new PathHealth("x", TestSettings.probes(), time.clock(), 0, new FailureRecord());
        slow.answered(2000 * MS, false, 0); // RTO = 2 + 4 s
        assertThat(slow.probeTimeoutNanos()).isEqualTo(PathHealth.MAX_TIMEOUT_NANOS);
    }

    @Test
    void aProbeAnsweredByADelayedAckWaitsTheAckDelayLonger() {
        health.answered(10 * MS, false, 0); // RTO 30 ms, timeout-min 100 ms
        health.answerDelay(Duration.ofMillis(25));
        assertThat(health.probeTimeoutNanos()).isEqualTo(125 * MS);
        PathHealth slow = new PathHealth("x", TestSettings.probes(), time.clock(), 0, new FailureRecord());
        slow.answerDelay(Duration.ofMillis(25));
        slow.answered(2000 * MS, false, 0);
        assertThat(slow.probeTimeoutNanos()).isEqualTo(PathHealth.MAX_TIMEOUT_NANOS);
    }

    @Test
    void failedPathIgnoresAnswersThatAreNotTrials() {
        health.answered(20 * MS, false, 0);
        for (int i = 0; i < 6; i++) {
            health.lost(false, false, i);
        }
        assertThat(health.answered(20 * MS, false, 10)).isEqualTo(Optional.empty());
        assertThat(health.state()).isEqualTo(PathState.FAILED);
    }
}
