package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 9484 §7.1: a path carries the tunnel only if its datagrams carry 1280-byte packets. */
class MtuFitTest {
    private static final long SETTLE = Duration.ofSeconds(3).toNanos();

    @Test
    void aPathThatCarries1280BytesFits() {
        assertThat(MtuFit.judge(1426, 1280, 0, SETTLE)).isEqualTo(MtuFit.FITS);
        assertThat(MtuFit.judge(1426, 1326, SETTLE * 10, SETTLE)).isEqualTo(MtuFit.FITS);
    }

    @Test
    void anInterfaceTooSmallForItIsJudgedAtOnce() {
        // A 1300-byte IPv4 link: 1272-byte UDP payloads, 1226-byte packets after QUIC's and the datagram's headers.
        assertThat(MtuFit.judge(1226, 1126, 0, SETTLE)).isEqualTo(MtuFit.TOO_SMALL);
    }

    @Test
    void discoveryGetsItsTimeThenTheVerdict() {
        assertThat(MtuFit.judge(1426, 1154, SETTLE - 1, SETTLE))
                .as("still probing up from 1200")
                .isEqualTo(MtuFit.PENDING);
        assertThat(MtuFit.judge(1426, 1154, SETTLE, SETTLE))
                .as("a bottleneck on the way")
                .isEqualTo(MtuFit.TOO_SMALL);
        assertThat(MtuFit.judge(1426, 1279, SETTLE, SETTLE)).isEqualTo(MtuFit.TOO_SMALL);
    }
}
