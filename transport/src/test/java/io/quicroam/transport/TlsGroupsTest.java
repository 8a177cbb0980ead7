package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Key exchange groups over real QUIC handshakes on loopback: a client and a server that both allow only the
 * post-quantum hybrid X25519MLKEM768 complete a handshake, so the group really is implemented and negotiated; a
 * PQ-only client fails against an X25519-only server, with the TLS alert, so the restriction really applies.
 */
class TlsGroupsTest {
    private static final String ALPN = "qr-test";
    private static final TlsGroups PQ_ONLY = new TlsGroups(List.of("X25519MLKEM768"));
    private static final TlsGroups X25519_ONLY = new TlsGroups(List.of("X25519"));
    private final EventLoopGroup group = Transports.group(1, "tls-groups-test");

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void postQuantumOnlyEndsCompleteAHandshake() throws Exception {
        QuicChannel connection = connect(startServer(PQ_ONLY), PQ_ONLY, new CompletableFuture<>());
        assertThat(connection.isActive()).isTrue();
        connection.close().sync();
    }

    @Test
    void theDefaultOffersPostQuantumFirstAndStillReachesAnX25519OnlyServer() throws Exception {
        assertThat(TlsGroups.DEFAULT.names()).containsExactly("X25519MLKEM768", "X25519", "P-256");
        QuicChannel connection = connect(startServer(X25519_ONLY), TlsGroups.DEFAULT, new CompletableFuture<>());
        assertThat(connection.isActive()).isTrue();
        connection.close().sync();
    }

    @Test
    void aPostQuantumOnlyClientFailsAgainstAnX25519OnlyServerWithATlsAlert() throws Exception {
        InetSocketAddress server = startServer(X25519_ONLY);
        CompletableFuture<QuicConnectionCloseEvent> closed = new CompletableFuture<>();
        assertThatThrownBy(() -> connect(server, PQ_ONLY, closed))
                .hasRootCauseInstanceOf(io.netty.handler.codec.quic.QuicClosedChannelException.class);
        QuicConnectionCloseEvent event = closed.get(5, TimeUnit.SECONDS);
        assertThat(event.isTlsError()).as("closed by a TLS alert").isTrue();
        // RFC 8446 §4.1.1: no group in common is a handshake_failure (40) alert.
        assertThat(QuicConnectionCloseEvent.extractTlsError(event.error())).isEqualTo(40);
    }

    @Test
    void unknownOrRepeatedGroupsAreRefused() {
        assertThatThrownBy(() -> new TlsGroups(List.of("X25519Kyber512"))).hasMessageContaining("unknown TLS group");
        assertThatThrownBy(() -> new TlsGroups(List.of("X25519", "X25519"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> new TlsGroups(List.of())).hasMessageContaining("at least one");
    }

    private InetSocketAddress startServer(TlsGroups groups) throws Exception {
        X509Bundle certificate = new CertificateBuilder()
                .subject("CN=localhost")
                .setIsCertificateAuthority(true)
                .buildSelfSigned();
        ChannelHandler codec = QuicTuning.defaults()
                .apply(new QuicServerCodecBuilder())
                .sslContext(groups.applyTo(QuicSslContextBuilder.forServer(certificate.toKeyManagerFactory(), null)
                                .applicationProtocols(ALPN))
                        .build())
                .tokenHandler(InsecureQuicTokenHandler.INSTANCE)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public boolean isSharable() {
                        return true;
                    }
                })
                .streamHandler(new ChannelInboundHandlerAdapter())
                .build();
        Channel udp = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        return (InetSocketAddress) udp.localAddress();
    }

    private QuicChannel connect(
            InetSocketAddress server, TlsGroups groups, CompletableFuture<QuicConnectionCloseEvent> closed)
            throws Exception {
        ChannelHandler codec = QuicTuning.defaults()
                .apply(new QuicClientCodecBuilder())
                .sslContext(groups.applyTo(QuicSslContextBuilder.forClient()
                                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                                .applicationProtocols(ALPN))
                        .build())
                .build();
        Channel udp = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        return QuicChannel.newBootstrap(udp)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                        if (event instanceof QuicConnectionCloseEvent close) {
                            closed.complete(close);
                        }
                        ctx.fireUserEventTriggered(event);
                    }
                })
                .remoteAddress(server)
                .connect()
                .get(5, TimeUnit.SECONDS);
    }
}
