package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, flapping in migrate mode: the Wi-Fi lost its carrier while the LTE's light connection had last answered
 * more than a second before. The move waited ~100 ms for the LTE's fresh answer, and the five packets written in that
 * time went into the dead Wi-Fi (bonded lost one). On virtual time.
 */
class MoveGateTest {
    private final VirtualTime time = new VirtualTime();

    @Test
    void aCarrierTheDecisionAbandonsIsLeftAtOnceWhateverTheStandbysLastAnswer() {
        long heard = time.nanos();
        time.advance(Duration.ofSeconds(5)); // the standby-interval: the LTE last answered long ago

        assertThat(MoveGate.atOnce(PathRole.ABANDON, heard, time.nanos()))
                .as("the Wi-Fi's carrier is gone: nothing can flow there while the move waits")
                .isTrue();
        assertThat(MoveGate.atOnce(PathRole.ABANDON, null, time.nanos()))
                .as("nor when the standby never answered")
                .isTrue();
        assertThat(MoveGate.atOnce(null, heard, time.nanos()))
                .as("the carrying interface's path already closed")
                .isTrue();
    }

    @Test
    void aCarrierThatStillWorksIsLeftOnlyForAStandbyHeardWithinASecond() {
        long heard = time.nanos();
        time.advance(MoveGate.FRESH);
        assertThat(MoveGate.atOnce(PathRole.BACKUP, heard, time.nanos())).isTrue();

        time.advance(Duration.ofMillis(1));
        assertThat(MoveGate.atOnce(PathRole.BACKUP, heard, time.nanos()))
                .as("a standby not heard lately may be a captive Wi-Fi: wait for its fresh answer")
                .isFalse();
        assertThat(MoveGate.atOnce(PathRole.AVAILABLE, null, time.nanos())).isFalse();
    }
}
