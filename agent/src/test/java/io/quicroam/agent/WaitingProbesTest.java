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
        waiting.sent("lte", new Probe(LTE, 1), 0);
        waiting.sent("lte", new Probe(LTE, 2), 50); // 50 ms later, before the packet that answers both
        waiting.sent("wifi", new Probe(WIFI, 7), 0);

        assertThat(waiting.heardOn("lte")).containsExactly(new Probe(LTE, 1), new Probe(LTE, 2));
        assertThat(waiting.heardOn("lte")).as("answered once").isEmpty();
        assertThat(waiting.heardOn("wifi"))
                .as("another interface's wait its own packet")
                .containsExactly(new Probe(WIFI, 7));
    }

    @Test
    void onlyTheLatestFewWaitSoALateAnswerGivesNoStaleRttSamples() {
        for (long sequence = 1; sequence <= 10; sequence++) {
            waiting.sent("lte", new Probe(LTE, sequence), sequence);
        }

        assertThat(waiting.heardOn("lte")).extracting(Probe::sequence).containsExactly(7L, 8L, 9L, 10L);
    }

    /** What {@link ProgressProbes#replayIfSilent} asks: is a probe sent by then still out? */
    @Test
    void aProbeStillOutSinceAGivenTimeIsUnanswered() {
        waiting.sent("lte", new Probe(LTE, 1), 1_000);
        waiting.sent("lte", new Probe(LTE, 2), 1_200);
        for (long sequence = 3; sequence <= 10; sequence++) {
            waiting.sent("lte", new Probe(LTE, sequence), 1_200 + sequence); // the first two are no longer kept
        }

        assertThat(waiting.unansweredSince("lte", 999))
                .as("none sent that early")
                .isFalse();
        assertThat(waiting.unansweredSince("lte", 1_000)).isTrue();
        assertThat(waiting.unansweredSince("wifi", 2_000))
                .as("another interface")
                .isFalse();
        waiting.heardOn("lte");
        assertThat(waiting.unansweredSince("lte", 2_000)).as("answered").isFalse();
    }
}
