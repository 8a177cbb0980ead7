package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.Future;
import io.quicroam.gateway.HandshakeLimits;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.Transports;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handshake the gateway refuses (issue #14 item 7: over {@code handshakes.per-prefix-per-minute}) is answered
 * with a stateless Initial carrying CONNECTION_CLOSE / CONNECTION_REFUSED (RFC 9000 §10.2.3, §20.1): a real netty
 * QUIC (quiche) client on loopback learns it at once instead of retransmitting until its 30 s handshake timeout.
 */
class RefusedHandshakeTest {
    /** One handshake a minute from the /24: the first client uses it, the second is refused. */
    private static final HandshakeLimits ONE_A_MINUTE = new HandshakeLimits(1000, 1, 24, 56);

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final EventLoopGroup clients = Transports.group(1, "refused-clients");

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void aClientOverItsPrefixLimitIsToldConnectionRefusedAtOnce() throws Exception {
        try (LocalGateway gateway = LocalGateway.start(options(ONE_A_MINUTE), registry);
                RawConnectIp first = new RawConnectIp(gateway, clients)) {
            Attempt refused = Attempt.connect(gateway, clients);
            try {
                QuicConnectionCloseEvent close = refused.close().get(5, TimeUnit.SECONDS);
                long closeMillis = refused.millisSinceStart();
                Throwable failure = refused.failure().get(10, TimeUnit.SECONDS);
                long failedMillis = refused.millisSinceStart();
                System.out.printf(
                        "refused handshake: CONNECTION_CLOSE 0x%02x after %d ms, connect failed after %d ms (%s)%n",
                        close.error(),
                        closeMillis,
                        failedMillis,
                        failure.getClass().getSimpleName());
                assertThat(close.isApplicationClose()).as("a transport error").isFalse();
                assertThat(close.error())
                        .as("CONNECTION_REFUSED (RFC 9000 §20.1)")
                        .isEqualTo(0x02);
                assertThat(closeMillis)
                        .as("ms until the client hears (its handshake timeout is 30 s)")
                        .isLessThan(500);
                // quiche drains for three probe timeouts after a CONNECTION_CLOSE (RFC 9000 §10.2.2): about 3 s.
                assertThat(failedMillis).as("ms until connect() fails").isLessThan(8000);
                assertThat(count("quicroam_gateway_handshakes_refused_answered"))
                        .isEqualTo(1);
                assertThat(first.request().status())
                        .as("the first client's session meanwhile")
                        .isEqualTo(200);
            } finally {
                refused.socket().close().sync();
            }
        }
    }

    @Test
    void withAnswersOffARefusedClientHearsNothingAndTheDropIsCounted() throws Exception {
        try (LocalGateway gateway = LocalGateway.start(options(ONE_A_MINUTE.withRefusalAnswersPerSecond(0)), registry);
                RawConnectIp first = new RawConnectIp(gateway, clients)) {
            Attempt refused = Attempt.connect(gateway, clients);
            try {
                Thread.sleep(2000);
                assertThat(refused.failure())
                        .as("still waiting for an answer after 2 s")
                        .isNotDone();
                assertThat(count("quicroam_gateway_handshakes_refused_silent")).isGreaterThanOrEqualTo(1);
                assertThat(count("quicroam_gateway_handshakes_refused_answered"))
                        .isZero();
            } finally {
                refused.socket().close().sync();
            }
        }
    }

    private static LocalGateway.Options options(HandshakeLimits limits) {
        return LocalGateway.Options.defaults().withHandshakes(limits);
    }

    private double count(String name) {
        return registry.get(name).counter().count();
    }

    /** One client's connection attempt: how it failed, when, and the peer's CONNECTION_CLOSE. */
    private record Attempt(
            Channel socket,
            long startNanos,
            CompletableFuture<Throwable> failure,
            CompletableFuture<QuicConnectionCloseEvent> close) {
        static Attempt connect(LocalGateway gateway, EventLoopGroup group) throws Exception {
            Channel socket = new Bootstrap()
                    .group(group)
                    .channel(Transports.datagramChannel())
                    .handler(QuicTuning.defaults()
                            .apply(Http3.newQuicClientCodecBuilder())
                            .sslContext(QuicSslContextBuilder.forClient()
                                    .trustManager(InsecureTrustManagerFactory.INSTANCE) // the refusal under test
                                    .applicationProtocols(Http3.supportedApplicationProtocols())
                                    .build())
                            .build())
                    .bind(new InetSocketAddress(gateway.server().localAddress().getAddress(), 0))
                    .sync()
                    .channel();
            CompletableFuture<QuicConnectionCloseEvent> close = new CompletableFuture<>();
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            long start = System.nanoTime();
            Future<QuicChannel> connecting = QuicChannel.newBootstrap(socket)
                    .handler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                            if (event instanceof QuicConnectionCloseEvent closeEvent) {
                                close.complete(closeEvent);
                            }
                            ctx.fireUserEventTriggered(event);
                        }
                    })
                    .remoteAddress(gateway.server().localAddress())
                    .connect();
            connecting.addListener(done -> failure.complete(done.isSuccess() ? null : done.cause()));
            return new Attempt(socket, start, failure, close);
        }

        /** Since the attempt started: called right after a future completed, the time it took (within a ms). */
        long millisSinceStart() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }
    }
}
