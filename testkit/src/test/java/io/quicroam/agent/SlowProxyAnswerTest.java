package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.gateway.GatewayLimits;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.testkit.InnerFlow;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRelay;
import io.quicroam.testkit.LoopbackRig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A proxy that completes the QUIC handshake at once but answers the CONNECT-IP request late (a loaded gateway, a slow
 * authenticator): the agent waits for the answer on the connection it has instead of asking again on a new one (which
 * would give one agent two sessions and two pool addresses), and an attempt it does give up on is closed with
 * CONNECTION_CLOSE, so the proxy frees what the attempt held at once rather than after its idle timeout.
 */
class SlowProxyAnswerTest {
    /** Longer than PathLifecycle.OPEN_TIMEOUT (2 s), shorter than OPEN_TIMEOUT + ANSWER_TIMEOUT (10 s). */
    private static final Duration SLOW = Duration.ofMillis(2500);
    /** Longer than PathLifecycle.OPEN_TIMEOUT + ANSWER_TIMEOUT: the attempt is given up. */
    private static final Duration TOO_SLOW = Duration.ofSeconds(30);

    private final AtomicReference<LoopbackRelay> relay = new AtomicReference<>();
    private SlowAnswers slowAnswers;
    private LoopbackRig rig;

    @AfterEach
    void close() {
        try {
            if (rig != null) {
                rig.close();
            }
        } finally {
            if (relay.get() != null) {
                relay.get().close();
            }
        }
    }

    private void start(LocalGateway.Options gateway, Duration delay, int slowConnections) throws Exception {
        slowAnswers = new SlowAnswers(delay, slowConnections);
        rig = LoopbackRig.withGateway(gateway)
                .iface("eth0", InterfaceClass.ETHERNET, InetAddress.getLoopbackAddress(), proxy -> {
                    relay.set(LoopbackRelay.start(proxy, slowAnswers));
                    return relay.get().address();
                })
                .start();
    }

    @Test
    void aSlowAnswerIsWaitedForOnOneConnectionAndTheProxyHoldsOneSession() throws Exception {
        start(LocalGateway.Options.defaults(), SLOW, Integer.MAX_VALUE);

        long started = System.nanoTime();
        rig.agent().start().get(15, TimeUnit.SECONDS);
        long upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        slowAnswers.fast();
        System.out.printf("path up after %d ms through a proxy answering %d ms late%n", upMillis, SLOW.toMillis());

        assertThat(relay.get().clients())
                .as("QUIC connections the agent opened")
                .isEqualTo(1);
        assertThat(rig.sessions()).as("sessions on the gateway").isEqualTo(1);
        try (InnerFlow flow = new InnerFlow(rig.io(), rig.innerV4(), InetAddress.getByName("198.51.100.7"), 50)) {
            Thread.sleep(1000);
            flow.stop();
            assertThat(flow.received()).as("echoes through the tunnel").isGreaterThan(flow.sent() / 2);
        }
        assertThat(relay.get().clients())
                .as("QUIC connections the agent opened")
                .isEqualTo(1);
        assertThat(rig.sessions()).as("sessions on the gateway").isEqualTo(1);
    }

    @Test
    void aGivenUpAttemptClosesItsConnectionSoTheProxyFreesItsSlot() throws Exception {
        // One QUIC connection at a time: the next attempt gets in only once the given-up one has left the gateway.
        GatewayLimits one = new GatewayLimits(1, 10_000, 8, 8, 4, GatewayLimits.DEFAULT_QUARANTINE);
        start(LocalGateway.Options.defaults().withLimits(one), TOO_SLOW, 1);

        long started = System.nanoTime();
        // Measured 11.7-12.5 s: given up after OPEN_TIMEOUT + ANSWER_TIMEOUT (10 s), the next attempt let in once the
        // gateway drained the first; without CONNECTION_CLOSE the first would hold the slot for the gateway's idle
        // timeout (30 s), so the bound stays below it.
        rig.agent().start().get(25, TimeUnit.SECONDS);
        long upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("path up after %d ms, the first attempt given up%n", upMillis);
        assertThat(relay.get().clients())
                .as("QUIC connections the agent opened")
                .isGreaterThanOrEqualTo(2);
    }
}
