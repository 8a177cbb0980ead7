package io.quicroam.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.ClientAuth;
import io.quicroam.linux.QuicSocketOptions;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.HttpDatagramReceiver;
import io.quicroam.transport.PeerSettings;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.SocketDrops;
import io.quicroam.transport.Transports;
import io.quicroam.transport.TunnelSettings;
import io.quicroam.transport.WireCounter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's network face: a UDP socket carrying QUIC, HTTP/3 on each connection, a
 * {@link ConnectIpRequestHandler} on each request stream and an {@link HttpDatagramReceiver} on each connection.
 */
public final class GatewayServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** Peer addresses one connection can follow: the first and seven NAT rebinds (see {@link #start}). */
    static final int PATHS_PER_CONNECTION = 8;

    private final Gateway gateway;
    private final EventLoopGroup group;
    private final Channel channel;
    private final WireCounter wire;
    private final Http2Listener http2;

    private GatewayServer(
            Gateway gateway, EventLoopGroup group, Channel channel, WireCounter wire, Http2Listener http2) {
        this.gateway = gateway;
        this.group = group;
        this.channel = channel;
        this.wire = wire;
        this.http2 = http2;
    }

    public static GatewayServer start(Gateway gateway, QuicTuning tuning) throws InterruptedException {
        GatewayConfig config = gateway.config();
        CertificateFiles certificate = certificate(config);
        QuicSslContext ssl = sslContext(config, certificate);
        ConnectionQuota connections = new ConnectionQuota(
                config.limits().maxConnections(), gateway.metrics().quotas());
        ChannelHandler codec = tuning.apply(Http3.newQuicServerCodecBuilder())
                .sslContext(ssl)
                .tokenHandler(gateway.handshakes()) // Retry above a rate, per-prefix limits (RFC 9000 §8.1)
                .option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, Transports.segmentedAllocator())
                .activeMigration(true)
                // quiche keeps at most active_connection_id_limit paths per connection (RFC 9000 §18.2) and never
                // frees one a NAT rebind left behind (it keeps the connection ID it reused, §9.5); at the default 2
                // the second rebind's packets are dropped and the agent's path falls silent. The agent reopens a
                // path that falls silent, so this only saves it a handshake for the first few rebinds.
                .activeConnectionIdLimit(PATHS_PER_CONNECTION)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel connection) {
                        HttpDatagramReceiver datagrams = new HttpDatagramReceiver(gateway.metrics());
                        PeerSettings peer = new PeerSettings(() -> {});
                        DatagramCapacity capacity = DatagramCapacity.atQuicMinimum();
                        StreamQuota streams = new StreamQuota(
                                config.limits().maxStreamsPerConnection(),
                                gateway.metrics().quotas());
                        connection.pipeline().addLast(connections.guard());
                        connection
                                .pipeline()
                                .addLast(new Http3ServerConnectionHandler(
                                        new ChannelInitializer<QuicStreamChannel>() {
                                            @Override
                                            protected void initChannel(QuicStreamChannel stream) {
                                                stream.pipeline()
                                                        .addLast(
                                                                streams.guard(),
                                                                new ConnectIpRequestHandler(
                                                                        gateway, peer, datagrams, capacity));
                                            }
                                        },
                                        peer,
                                        null,
                                        TunnelSettings.server(),
                                        true));
                        connection.pipeline().addLast(datagrams, capacity.watcher());
                        connection.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                gateway.refused().connectionFailed(cause);
                                // A refused handshake is closed by quiche itself with the TLS alert (RFC 9001
                                // §4.8); closing the channel here would drop the alert and leave the client
                                // waiting for its connect timeout instead of learning why.
                                if (!(cause instanceof SSLHandshakeException)) {
                                    ctx.close();
                                }
                            }
                        });
                    }
                })
                .build();
        EventLoopGroup group = Transports.group(1, "quicroam-gateway");
        WireCounter wire = new WireCounter();
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(Transports.datagramChannel())
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel udp) {
                            // In front of the codec: sees each Initial the guard may refuse, to answer it.
                            udp.pipeline().addLast(wire, gateway.refusalAnswers(), codec);
                        }
                    })
                    .bind(config.listen())
                    .sync()
                    .channel();
            QuicSocketOptions.apply(
                    Transports.fileDescriptor(channel), Transports.UDP_RECEIVE_BUFFER, "the QUIC socket");
            Transports.fileDescriptor(channel).stream()
                    .mapToObj(SocketDrops::of)
                    .flatMap(Optional::stream)
                    .forEach(gateway.metrics()::watchSocketDrops);
            int port = ((InetSocketAddress) channel.localAddress()).getPort();
            log.info("gateway listening on UDP port {}", port);
            Http2Listener http2 = null;
            if (config.listenTcp() != null) {
                InetSocketAddress tcp = config.listenTcp();
                if (tcp.equals(config.listen())) {
                    tcp = new InetSocketAddress(tcp.getAddress(), port); // the port QUIC got, if it asked for any
                }
                try {
                    http2 = Http2Listener.start(
                            gateway, group, tcp, certificate.cert(), certificate.key(), connections);
                } catch (SSLException e) {
                    throw new IllegalStateException("cannot set up TLS for HTTP/2: " + e.getMessage(), e);
                }
            }
            return new GatewayServer(gateway, group, channel, wire, http2);
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /** The certificate chain and key QUIC and HTTP/2 present. */
    private record CertificateFiles(Path cert, Path key) {}

    /** The configured certificate, or a self-signed one. */
    private static CertificateFiles certificate(GatewayConfig config) {
        Path cert = config.certFile();
        Path key = config.keyFile();
        if (cert == null) {
            SelfSignedCertificate generated = SelfSignedCertificate.loadOrCreate(
                    config.stateDir(), config.template().host());
            cert = generated.certFile();
            key = generated.keyFile();
            log.warn(
                    "no cert-file configured: using a self-signed certificate; give agents this file as server.ca-file: {}",
                    cert);
        }
        return new CertificateFiles(cert, key);
    }

    private static QuicSslContext sslContext(GatewayConfig config, CertificateFiles certificate) {
        QuicSslContextBuilder builder = config.tlsGroups()
                .applyTo(QuicSslContextBuilder.forServer(
                                certificate.key().toFile(),
                                null,
                                certificate.cert().toFile())
                        .applicationProtocols(Http3.supportedApplicationProtocols()));
        if (config.clientCaFile() != null) {
            builder.trustManager(config.clientCaFile().toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        return builder.build();
    }

    /** The UDP address actually bound (useful with port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The TCP address the HTTP/2 listener bound, or null without one ({@code listen-tcp: off}). */
    public InetSocketAddress tcpAddress() {
        return http2 == null ? null : http2.localAddress();
    }

    public Gateway gateway() {
        return gateway;
    }

    /** What arrived on the UDP socket, QUIC headers and all. */
    public WireCounter wire() {
        return wire;
    }

    @Override
    public void close() {
        if (http2 != null) {
            http2.close();
        }
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        gateway.close();
    }
}
