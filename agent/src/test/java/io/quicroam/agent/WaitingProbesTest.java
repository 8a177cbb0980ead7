package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.agent.WaitingProbes.Probe;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.pathmanager.path.PathId;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, flapping in migrate mode: the carrying path was probed again 50 ms after a probe whose answer (the proxy's
 * next packet, held up to 25 ms) had not come yet. The packet answered only the later probe; the earlier one timed
 * out and counted lost, and a lost probe on a carrier silent since moved the traffic.
 */
class WaitingProbesTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("192.0.2.9", 443);
    private static final PathId LTE = new PathId("lte", IpAddresses.parse("198.18.1.2"), PROXY);
    private static final PathId WIFI = new PathId("wifi", IpAddresses.parse("198.18.2.2"), PROXY);

    private final WaitingProbes waiting = new WaitingProbes();

    @Test
    void theProxysNextPacketAnswersEveryProbeStillOutOnItsInterface() {
        waiting.sent("lte", new Probe(LTE, 1));
        waiting.sent("lte", new Probe(LTE, 2)); // 50 ms later, before the packet that answers both
        waiting.sent("wifi", new Probe(WIFI, 7));

        assertThat(waiting.heardOn("lte")).containsExactly(new Probe(LTE, 1), new Probe(LTE, 2));
        assertThat(waiting.heardOn("lte")).as("answered once").isEmpty();
        assertThat(waiting.heardOn("wifi"))
                .as("another interface's wait its own packet")
                .containsExactly(new Probe(WIFI, 7));
    }

    @Test
    void onlyTheLatestFewWaitSoALateAnswerGivesNoStaleRttSamples() {
        for (long sequence = 1; sequence <= 10; sequence++) {
            waiting.sent("lte", new Probe(LTE, sequence));
        }

        assertThat(waiting.heardOn("lte")).extracting(Probe::sequence).containsExactly(7L, 8L, 9L, 10L);
    }
}
