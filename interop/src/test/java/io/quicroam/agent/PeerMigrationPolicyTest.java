package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicTransportParameters;
import io.quicroam.gateway.SelfSignedCertificate;
import io.quicroam.interop.kwik.KwikProxy;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.transport.Transports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether the agent sees that a proxy forbids migration ({@code disable_active_migration}, RFC 9000 §18.2), read from
 * the transport parameters as netty hands them over after a real handshake: against quiche servers with migration
 * allowed and forbidden, and against Kwik, which always forbids it. It also pins netty 4.2.18's reading of those
 * parameters, one slot off (see {@link Migration#forbiddenBy}): should netty fix it, the first assertion of
 * {@link #nettyReadsTheFlagOneSlotOff} fails and says so, and forbiddenBy can drop the workaround.
 */
class PeerMigrationPolicyTest {
    private static final String ALPN = "h3";

    @TempDir
    static Path dir;

    private static EventLoopGroup group;
    private static SelfSignedCertificate certificate;

    @BeforeAll
    static void start() {
        group = Transports.group(1, "migration-policy-test");
        certificate = SelfSignedCertificate.create(dir, "quiche", "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aQuicheServerThatForbidsMigrationIsSeenToForbidIt() throws Exception {
        assertThat(Migration.forbiddenBy(fromQuicheServer(false))).isTrue();
    }

    @Test
    void aQuicheServerThatAllowsMigrationIsMigrated() throws Exception {
        assertThat(Migration.forbiddenBy(fromQuicheServer(true))).isFalse();
    }

    @Test
    void kwikForbidsMigration() throws Exception {
        try (KwikProxy kwik = KwikProxy.start(
                InetAddress.getLoopbackAddress(), new AddressAssign(List.of()), new RouteAdvertisement(List.of()))) {
            assertThat(Migration.forbiddenBy(handshake(kwik.address(), kwik.caFile())))
                    .isTrue();
        }
    }

    @Test
    void nettyReadsTheFlagOneSlotOff() throws Exception {
        QuicTransportParameters forbidding = fromQuicheServer(false);
        assertThat(forbidding.disableActiveMigration())
                .as("netty's disableActiveMigration() of a server that sent "
                        + "disable_active_migration: if true, netty fixed its reading")
                .isFalse();
        assertThat(forbidding.maxDatagramFrameSize())
                .as("where the flag shows up instead")
                .isEqualTo(1);
    }

    private static QuicTransportParameters fromQuicheServer(boolean activeMigration) throws Exception {
        ChannelHandler server = new QuicServerCodecBuilder()
                .sslContext(QuicSslContextBuilder.forServer(
                                certificate.keyFile().toFile(),
                                null,
                                certificate.certFile().toFile())
                        .applicationProtocols(ALPN)
                        .build())
                .maxIdleTimeout(5, TimeUnit.SECONDS)
                .initialMaxData(100_000)
                .initialMaxStreamsBidirectional(10)
                .datagram(64, 64)
                .activeMigration(activeMigration)
                .tokenHandler(null)
                .handler(new ChannelInboundHandlerAdapter())
                .streamHandler(new ChannelInboundHandlerAdapter())
                .build();
        Channel udp = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(server)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
        try {
            return handshake((InetSocketAddress) udp.localAddress(), certificate.certFile());
        } finally {
            udp.close().sync();
        }
    }

    /** A QUIC handshake from a netty client, as the agent's; the server's transport parameters as netty reads them. */
    private static QuicTransportParameters handshake(InetSocketAddress server, Path caFile) throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(caFile.toFile())
                .applicationProtocols(ALPN)
                .build();
        // As the agent does: the engine knows the server's name, so the certificate is checked against it.
        ChannelHandler client = new QuicClientCodecBuilder()
                .sslEngineProvider(quic -> ssl.newEngine(quic.alloc(), server.getHostString(), server.getPort()))
                .maxIdleTimeout(5, TimeUnit.SECONDS)
                .initialMaxData(100_000)
                // HTTP/3 servers open three streams of their own at once (RFC 9114 §6.2): room for them.
                .initialMaxStreamsUnidirectional(3)
                .initialMaxStreamDataUnidirectional(10_000)
                .datagram(64, 64)
                .build();
        Channel udp = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(client)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .sync()
                .channel();
        try {
            QuicChannel connection = QuicChannel.newBootstrap(udp)
                    .handler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(server)
                    .connect()
                    .get(5, TimeUnit.SECONDS);
            QuicTransportParameters parameters = connection.peerTransportParameters();
            connection.close().sync();
            return parameters;
        } finally {
            udp.close().sync();
        }
    }
}
