package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.quicroam.gateway.GatewayLimits;
import io.quicroam.gateway.Quota;
import io.quicroam.gateway.QuotaMeters;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's quotas on real QUIC + HTTP/3 on loopback, as a client meets them: the request beyond a quota gets
 * its HTTP status (429 beyond the client's share, 503 when the gateway is out of addresses), a connection beyond
 * the cap is closed, and what is already open keeps working; a session in its grace time makes room for its
 * client's next one; a released address is not handed to the next client within the quarantine.
 */
class QuotaLoopbackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String ALICE = "alice-0123456789abcdef0123456789";
    private static final InetAddress SERVER = IpAddresses.parse("198.51.100.7");

    @TempDir
    Path dir;

    private LocalGateway gateway;
    private final List<AutoCloseable> opened = new ArrayList<>();

    private LocalGateway start(LocalGateway.Options options) throws Exception {
        gateway = LocalGateway.start(options, new SimpleMeterRegistry());
        return gateway;
    }

    private static GatewayLimits limits(int connections, int sessionsPerClient, int paths, int streams, Duration q) {
        return new GatewayLimits(connections, 10_000, sessionsPerClient, paths, streams, q);
    }

    private LoopbackRig rig(String token) throws Exception {
        LoopbackRig.Builder builder = LoopbackRig.on(gateway);
        if (token != null) {
            builder.tokenFile(Files.writeString(dir.resolve("token"), token + "\n", StandardCharsets.UTF_8));
        }
        LoopbackRig rig = builder.start();
        opened.add(rig);
        return rig;
    }

    private RawConnectIp raw() throws Exception {
        RawConnectIp client = new RawConnectIp(gateway);
        opened.add(client);
        return client;
    }

    private void closeNow(LoopbackRig rig) {
        opened.remove(rig);
        rig.close();
    }

    /**
     * A cold JVM's first QUIC handshake can outlast the agent's 2 s open timeout; its retry would then hold a second
     * session and skew the counts. So an agent and a bare client connect once to a gateway of their own first.
     */
    @BeforeAll
    static void warmUp() throws Exception {
        try (LoopbackRig rig =
                LoopbackRig.withGateway(LocalGateway.Options.defaults()).start()) {
            rig.connect();
            try (RawConnectIp client = new RawConnectIp(rig.gateway())) {
                client.request();
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : opened) {
            each.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private QuotaMeters quotas() {
        return gateway.gateway().metrics().quotas();
    }

    @Test
    void theSessionBeyondAClientsShareIsRefusedWith429WhileItsOthersKeepWorking() throws Exception {
        start(LocalGateway.Options.defaults()
                .withTokens(List.of("alice " + ALICE))
                .withLimits(limits(100, 2, 8, 4, GatewayLimits.DEFAULT_QUARANTINE)));
        LoopbackRig first = rig(ALICE);
        first.connect();
        LoopbackRig second = rig(ALICE);
        second.connect();

        LoopbackRig third = rig(ALICE);
        assertThatThrownBy(third::connect)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(ConnectIpRefusedException.class)
                .satisfies(e ->
                        assertThat(((ConnectIpRefusedException) e).status()).isEqualTo(429));
        closeNow(third);
        assertThat(quotas().refusedCount(Quota.SESSIONS_PER_CLIENT)).isGreaterThanOrEqualTo(1);
        assertThat(gateway.sessions()).isEqualTo(2);
        for (LoopbackRig rig : List.of(first, second)) {
            assertPingCrosses(rig);
        }
    }

    @Test
    void aSessionInItsGraceTimeMakesRoomForItsClientsNextSession() throws Exception {
        start(LocalGateway.Options.defaults()
                .withTokens(List.of("alice " + ALICE))
                .withLimits(limits(100, 1, 8, 4, GatewayLimits.DEFAULT_QUARANTINE)));
        LoopbackRig before = rig(ALICE);
        before.connect();
        closeNow(before); // the laptop is gone; its session waits out the grace time (10 s)
        // Normally the agent's CONNECTION_CLOSE says so at once; on a loaded machine its close may time out before the
        // paths are closed, and the gateway then learns from QUIC's idle timeout (30 s).
        Await.until("the session in its grace time", Duration.ofSeconds(40), () -> gateway.sessionsInGrace() == 1);

        LoopbackRig after = rig(ALICE);
        after.connect();
        assertThat(quotas().reclaimedCount()).isEqualTo(1);
        assertThat(quotas().refusedCount(Quota.SESSIONS_PER_CLIENT)).isZero();
        assertThat(gateway.sessions()).isEqualTo(1);
        assertThat(gateway.sessionsInGrace()).isZero();
        assertPingCrosses(after);
    }

    @Test
    void aReleasedAddressIsNotHandedToTheNextClientWithinTheQuarantine() throws Exception {
        Duration quarantine = Duration.ofSeconds(8); // long enough for a loaded machine to ask within it
        start(LocalGateway.Options.defaults()
                .withPools(IpPrefix.parse("100.64.0.0/30"), null) // two addresses: .2 and .3
                .withLimits(limits(100, 8, 8, 4, quarantine)));
        // Plain RFC 9484 sessions (no extension offered): each ends with its stream and releases its address.
        RawConnectIp alice = raw();
        RawConnectIp.Answer alicesTunnel = alice.request();
        assertThat(alicesTunnel.status()).isEqualTo(200);
        RawConnectIp bob = raw();
        assertThat(bob.request().status()).isEqualTo(200);
        alicesTunnel.stream().close().sync();
        Await.until("alice's session ended", WAIT, () -> gateway.sessions() == 1);
        long released = System.nanoTime();

        RawConnectIp carol = raw();
        assertThat(carol.request().status())
                .as("alice's address is quarantined, bob has the other: the pool is out of addresses (RFC 9110 503)")
                .isEqualTo(503);
        assertThat(System.nanoTime() - released)
                .as("asked within the quarantine")
                .isLessThan(quarantine.toNanos());
        assertThat(quotas().refusedCount(Quota.ADDRESS_POOL)).isEqualTo(1);
        assertThat(carol.isOpen()).as("a refusal closes no connection").isTrue();

        Await.until("the quarantine is over", quarantine.multipliedBy(3), () -> {
            try {
                Thread.sleep(250); // a few requests a second, not a flood
                return carol.request().status() == 200;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(System.nanoTime() - released).isGreaterThanOrEqualTo(quarantine.toNanos());
        assertThat(gateway.sessions()).isEqualTo(2);
    }

    @Test
    void aRequestStreamBeyondTheCapGets429AndTheConnectionsOtherStreamsStayOpen() throws Exception {
        start(LocalGateway.Options.defaults().withLimits(limits(100, 8, 8, 2, GatewayLimits.DEFAULT_QUARANTINE)));
        RawConnectIp client = raw();
        RawConnectIp.Answer first = client.request();
        RawConnectIp.Answer second = client.request();
        assertThat(List.of(first.status(), second.status())).containsExactly(200, 200);

        assertThat(client.request().status()).as("the third stream at once").isEqualTo(429);
        assertThat(quotas().refusedCount(Quota.STREAMS_PER_CONNECTION)).isEqualTo(1);
        assertThat(client.isOpen()).as("the connection").isTrue();
        assertThat(first.stream().isActive() && second.stream().isActive())
                .as("the other streams")
                .isTrue();
        assertThat(gateway.sessions()).isEqualTo(2);

        first.stream().close().sync();
        Await.until("the first stream's session ended", WAIT, () -> gateway.sessions() == 1);
        assertThat(client.request().status()).as("room again").isEqualTo(200);
    }

    @Test
    void aConnectionBeyondTheCapIsClosedAndTheOthersKeepWorking() throws Exception {
        start(LocalGateway.Options.defaults().withLimits(limits(2, 8, 8, 4, GatewayLimits.DEFAULT_QUARANTINE)));
        RawConnectIp first = raw();
        RawConnectIp second = raw();
        assertThat(first.request().status()).isEqualTo(200);
        assertThat(second.request().status()).isEqualTo(200);

        try {
            RawConnectIp third = raw();
            Await.until("the third connection closed", WAIT, () -> !third.isOpen());
        } catch (ExecutionException closedDuringTheHandshake) {
            // as good: the gateway closed it before the client saw the handshake complete
        }
        assertThat(quotas().refusedCount(Quota.CONNECTIONS)).isEqualTo(1);
        assertThat(first.isOpen() && second.isOpen()).isTrue();
        assertThat(first.request().status())
                .as("an open connection still takes requests")
                .isEqualTo(200);
    }

    @Test
    void aPathBeyondTheSessionsCapIsRefusedWith429AndTheSessionCarriesOn() throws Exception {
        start(LocalGateway.Options.defaults().withLimits(limits(100, 8, 1, 4, GatewayLimits.DEFAULT_QUARANTINE)));
        LoopbackRig tunnel = rig(null);
        tunnel.connect();
        String token = tunnel.agent().primaryPath().sessionToken();
        assertThat(token).isNotNull();

        assertThat(raw().request(Map.of(QuicroamExtension.JOIN, token)).status())
                .isEqualTo(429);
        assertThat(quotas().refusedCount(Quota.PATHS_PER_SESSION)).isEqualTo(1);
        assertPingCrosses(tunnel);
    }

    /** A ping from the rig's inner address to the echo host behind the gateway comes back. */
    private static void assertPingCrosses(LoopbackRig rig) throws InterruptedException {
        rig.io().inject(IpPacketBuilder.icmpEcho(rig.innerV4(), SERVER, 0x4242, 1, new byte[8], false));
        ByteBuf reply = rig.io().poll(WAIT);
        assertThat(reply).as("an echo reply through the tunnel").isNotNull();
        try {
            assertThat(IcmpView.isEchoReply(reply)).isTrue();
        } finally {
            reply.release();
        }
    }
}
