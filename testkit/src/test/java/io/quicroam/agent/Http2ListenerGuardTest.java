package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quicroam.gateway.HandshakeLimits;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.transport.Http2Tunnels;
import io.quicroam.transport.TlsGroups;
import io.quicroam.transport.Transports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's TCP listener (CONNECT-IP over HTTP/2) has the QUIC listener's protections: the key exchange groups
 * of {@code tls.groups} (post-quantum first) and the per-prefix handshake budget, with a counter.
 */
class Http2ListenerGuardTest {
    private static final long WAIT_SECONDS = 5;

    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final EventLoopGroup group = Transports.group(1, "h2-guard-test");

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aPostQuantumOnlyClientCompletesAnHttp2Handshake() throws Exception {
        try (LocalGateway gateway = LocalGateway.start(LocalGateway.Options.defaults(), registry)) {
            Http2Settings settings = connect(gateway, "127.0.0.1", "X25519MLKEM768");

            assertThat(settings.connectProtocolEnabled())
                    .as("the gateway's HTTP/2 SETTINGS, after a TLS handshake on X25519MLKEM768 alone")
                    .isTrue();
        }
    }

    @Test
    void theTcpListenerKeepsToTheConfiguredGroups() throws Exception {
        LocalGateway.Options options = LocalGateway.Options.defaults().withTlsGroups(new TlsGroups(List.of("X25519")));
        try (LocalGateway gateway = LocalGateway.start(options, registry)) {
            assertThatThrownBy(() -> connect(gateway, "127.0.0.1", "X25519MLKEM768"))
                    .as("a gateway without X25519MLKEM768 shares no group with a post-quantum-only client")
                    .isInstanceOf(ExecutionException.class);
            assertThat(connect(gateway, "127.0.0.1", "X25519").connectProtocolEnabled())
                    .isTrue();
        }
    }

    @Test
    void overItsPrefixsBudgetATcpClientIsRefusedAndCountedWhileAnotherPrefixGetsIn() throws Exception {
        // Two handshakes a minute per /24; the budget is the one QUIC handshakes from the prefix use too.
        LocalGateway.Options options =
                LocalGateway.Options.defaults().withHandshakes(new HandshakeLimits(1000, 2, 24, 56));
        try (LocalGateway gateway = LocalGateway.start(options, registry)) {
            connect(gateway, "127.0.0.1", "X25519");
            connect(gateway, "127.0.0.2", "X25519");

            assertThatThrownBy(() -> connect(gateway, "127.0.0.3", "X25519"))
                    .as("the third TCP connection from 127.0.0.0/24 within the minute")
                    .isInstanceOf(ExecutionException.class);
            assertThat(registry.get("quicroam_gateway_handshakes_refused")
                            .tag("reason", "prefix-limit-tcp")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(connect(gateway, "127.0.1.1", "X25519").connectProtocolEnabled())
                    .as("a client of 127.0.1.0/24 still gets in")
                    .isTrue();
        }
    }

    /**
     * Opens TCP from {@code from}, TLS 1.3 offering only {@code groups} (ALPN h2), and returns the gateway's first
     * HTTP/2 SETTINGS; fails if the connection closes first.
     */
    private Http2Settings connect(LocalGateway gateway, String from, String... groups) throws Exception {
        SslContext ssl = new TlsGroups(List.of(groups))
                .applyTo(SslContextBuilder.forClient())
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols("TLSv1.3")
                .applicationProtocolConfig(Http2Tunnels.alpn())
                .build();
        CompletableFuture<Http2Settings> settings = new CompletableFuture<>();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel tcp) {
                        tcp.closeFuture()
                                .addListener(
                                        closed -> settings.completeExceptionally(new IllegalStateException("closed")));
                        tcp.pipeline()
                                .addLast(
                                        ssl.newHandler(tcp.alloc()),
                                        Http2FrameCodecBuilder.forClient()
                                                .initialSettings(Http2Tunnels.settings(false, 0))
                                                .build(),
                                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                        new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                                if (msg instanceof Http2SettingsFrame frame) {
                                                    settings.complete(frame.settings());
                                                }
                                                ctx.fireChannelRead(msg);
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                settings.completeExceptionally(cause);
                                                ctx.close();
                                            }
                                        });
                    }
                });
        Channel tcp = bootstrap
                .localAddress(new InetSocketAddress(InetAddress.getByName(from), 0))
                .connect(gateway.server().tcpAddress())
                .sync()
                .channel();
        try {
            return settings.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } finally {
            tcp.close().syncUninterruptibly();
        }
    }
}
