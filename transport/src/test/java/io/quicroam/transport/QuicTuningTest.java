package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A path's UDP ceiling comes from its interface's MTU (RFC 8899 §5.1.2), within QUIC's bounds. */
class QuicTuningTest {
    private final QuicTuning tuning = QuicTuning.defaults();

    @Test
    void theCeilingIsTheLinkMtuLessTheIpAndUdpHeaders() {
        assertThat(tuning.udpCeiling(1400, false)).isEqualTo(1372);
        assertThat(tuning.udpCeiling(1400, true)).isEqualTo(1352);
        assertThat(tuning.udpCeiling(1500, false)).isEqualTo(1472);
    }

    @Test
    void theCeilingStaysWithinQuicsMinimumAndTheConfiguredMaximum() {
        assertThat(tuning.udpCeiling(1280, true)).isEqualTo(1232);
        assertThat(tuning.udpCeiling(1200, false))
                .as("QUIC needs 1200 (RFC 9000 §14)")
                .isEqualTo(1200);
        assertThat(tuning.udpCeiling(9000, false)).isEqualTo(tuning.maxUdpPayload());
    }

    @Test
    void theDatagramPayloadCountsTheLongestConnectionId() {
        // quiche: pmtu - (1 + dcid + 4 + 16) - 3; with a 20-byte connection ID that is pmtu - 44.
        assertThat(QuicTuning.datagramPayload(1372)).isEqualTo(1328);
    }
}
