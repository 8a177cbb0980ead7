package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.quicroam.gateway.HandshakeLimits;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.transport.Transports;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's handshake limits (issue #14 item 7, docs/configuration.md {@code handshakes.*}) under a real burst:
 * {@value #THREADS} QUIC clients handshaking at once on loopback. Above {@code retry-above} new connections go through
 * a Retry and still get in; above {@code per-prefix-per-minute} the rest of the /24 is refused while another /24 and
 * the sessions already open carry on.
 */
class GatewayHandshakeBurstTest {
    private static final int THREADS = 8;
    /** The gateway listens on 127.0.0.1; loopback answers the whole 127/8, so this is a client in another /24. */
    private static final InetAddress OTHER_SITE = address("127.0.1.1");

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final EventLoopGroup clients = Transports.group(2, "burst-clients");

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aBurstAboveTheRetryRateIsRetriedAndEveryClientGetsIn() throws Exception {
        int rate = 5;
        int sessions = 24;
        LocalGateway.Options options =
                LocalGateway.Options.defaults().withHandshakes(new HandshakeLimits(rate, 0, 24, 56));
        try (LocalGateway gateway = LocalGateway.start(options, registry)) {
            SessionBurst.Outcome burst = SessionBurst.open(gateway, clients, localhost(), sessions, THREADS);
            try {
                double retries =
                        registry.get("quicroam_gateway_retries").counter().count();
                System.out.printf(
                        "burst: %d clients at once, retry above %d/s: %d opened in %.1f s, %d failed, %.0f Retries%n",
                        THREADS, rate, burst.opened().size(), burst.seconds(), burst.failed(), retries);
                assertThat(burst.failed()).as("clients that did not get in").isZero();
                assertThat(gateway.sessions()).isEqualTo(sessions);
                // A full bucket of `rate` plus its refill while the burst lasted go in without one (RFC 9000 §8.1.2).
                assertThat(retries)
                        .as("Retries for the connections beyond the rate")
                        .isGreaterThanOrEqualTo(Math.max(1, sessions - rate - Math.ceil(rate * burst.seconds())));
                assertThat(refused("retry-token")).as("echoed tokens refused").isZero();
            } finally {
                burst.closeAll();
            }
        }
    }

    @Test
    void aBurstFromOneSlash24AboveItsLimitIsRefusedWhileAnotherSiteAndOpenSessionsCarryOn() throws Exception {
        int perMinute = 12;
        int attempts = 32;
        LocalGateway.Options options =
                LocalGateway.Options.defaults().withHandshakes(new HandshakeLimits(1000, perMinute, 24, 56));
        try (LocalGateway gateway = LocalGateway.start(options, registry)) {
            SessionBurst.Outcome burst = SessionBurst.open(gateway, clients, localhost(), attempts, THREADS);
            try {
                System.out.printf(
                        "burst: %d clients at once from one /24, %d handshakes a minute allowed: %d of %d opened, %d "
                                + "without a handshake, %d refused requests, %.0f Initials refused, in %.1f s%n",
                        THREADS,
                        perMinute,
                        burst.opened().size(),
                        attempts,
                        burst.noHandshake(),
                        burst.refusedRequest(),
                        refused("prefix-limit"),
                        burst.seconds());
                // The bucket holds a minute's allowance and refills at perMinute / 60 a second while the burst lasts.
                long refill = (long) Math.ceil(perMinute / 60.0 * burst.seconds());
                assertThat(burst.opened().size())
                        .as("sessions opened from the /24")
                        .isBetween(perMinute, perMinute + (int) refill + 1);
                assertThat(burst.refusedRequest())
                        .as("refused after the handshake")
                        .isZero();
                assertThat(refused("prefix-limit"))
                        .as("refused Initials, counted")
                        .isGreaterThanOrEqualTo(burst.noHandshake());

                try (RawConnectIp elsewhere = new RawConnectIp(gateway, clients, OTHER_SITE)) {
                    assertThat(elsewhere.request().status())
                            .as("a client from another /24 meanwhile")
                            .isEqualTo(200);
                }
                assertThat(burst.opened())
                        .as("the sessions opened before the limit")
                        .allSatisfy(
                                session -> assertThat(session.client().isOpen()).isTrue());
                assertThat(gateway.sessions())
                        .isGreaterThanOrEqualTo(burst.opened().size());
            } finally {
                burst.closeAll();
            }
        }
    }

    private double refused(String reason) {
        return registry.get("quicroam_gateway_handshakes_refused")
                .tag("reason", reason)
                .counter()
                .count();
    }

    private static InetAddress localhost() {
        return InetAddress.getLoopbackAddress();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
