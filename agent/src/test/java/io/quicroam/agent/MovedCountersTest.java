package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.health.TransportSample;
import org.junit.jupiter.api.Test;

class MovedCountersTest {
    private static final long SETTLE = MovedCounters.SETTLE.toNanos();
    private final MovedCounters counters = new MovedCounters();

    private static TransportSample sample(long sent, long lost) {
        return new TransportSample(1_000_000, sent, lost, sent * 200, 50_000, 0);
    }

    /**
     * The connection moved from a silent Wi-Fi to LTE beneath QUIC: the ~20 packets sent into the Wi-Fi are declared
     * lost after the move. LTE's samples count only what it carried, so its loss is its own.
     */
    @Test
    void theNetworkLeftKeepsItsLossesAndTheNewOneIsChargedOnlyForItsOwn() {
        counters.charge("wlan0", sample(100, 0), 0);
        assertThat(counters.charge("wlan0", sample(200, 0), SETTLE).sentPackets())
                .as("Wi-Fi counted from its first sample")
                .isEqualTo(100);

        long moved = 10 * SETTLE;
        TransportSample first = counters.charge("wwan0", sample(230, 0), moved);
        assertThat(first.sentPackets()).as("LTE starts at zero").isZero();
        TransportSample declared = counters.charge("wwan0", sample(240, 21), moved + SETTLE / 5);
        assertThat(declared.lostPackets())
                .as("Wi-Fi's packets declared lost after the move")
                .isZero();
        assertThat(declared.sentPackets()).isZero();
        TransportSample own = counters.charge("wwan0", sample(340, 25), moved + 2 * SETTLE);
        assertThat(own.sentPackets()).as("LTE's own packets").isEqualTo(100);
        assertThat(own.lostPackets()).as("LTE's own losses").isEqualTo(4);
        assertThat(own.srttNanos()).as("the RTT is the path's, as read").isEqualTo(1_000_000);
    }

    @Test
    void movingBackStartsAfreshToo() {
        counters.charge("wlan0", sample(100, 0), 0);
        counters.charge("wwan0", sample(150, 30), SETTLE);
        TransportSample back = counters.charge("wlan0", sample(200, 40), 3 * SETTLE);
        assertThat(back.lostPackets()).as("Wi-Fi back: counted afresh").isZero();
    }
}
