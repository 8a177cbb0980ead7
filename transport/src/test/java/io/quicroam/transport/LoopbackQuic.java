package io.quicroam.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.InsecureQuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real QUIC connections on loopback for transport's tests: a server with a throw-away certificate and a client
 * that trusts anything, both with quicroam's tuning and the given key exchange groups. Closing it ends both.
 */
final class LoopbackQuic implements AutoCloseable {
    private static final String ALPN = "qr-test";
    private final EventLoopGroup group = Transports.group(1, "loopback-quic");
    private Channel serverSocket;

    /** A server whose connections get {@code connectionHandler} (it must be sharable); returns its address. */
    InetSocketAddress server(TlsGroups groups, ChannelHandler connectionHandler) throws Exception {
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
                .handler(connectionHandler)
                .streamHandler(new ChannelInboundHandlerAdapter())
                .build();
        serverSocket = bind(codec);
        return (InetSocketAddress) serverSocket.localAddress();
    }

    /** UDP packets the kernel dropped before the last server's socket read them (0 where that is not known). */
    long serverSocketDrops() {
        return Transports.fileDescriptor(serverSocket).stream()
                .mapToObj(SocketDrops::of)
                .flatMap(Optional::stream)
                .mapToLong(drops -> drops.count().orElse(0))
                .sum();
    }

    /** Connects to {@code server}; the connection's pipeline gets {@code handler}. Fails as the handshake fails. */
    QuicChannel connect(InetSocketAddress server, TlsGroups groups, ChannelHandler handler) throws Exception {
        ChannelHandler codec = QuicTuning.defaults()
                .apply(new QuicClientCodecBuilder())
                .sslContext(groups.applyTo(QuicSslContextBuilder.forClient()
                                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                                .applicationProtocols(ALPN))
                        .build())
                .build();
        return QuicChannel.newBootstrap(bind(codec))
                .handler(handler)
                .remoteAddress(server)
                .connect()
                .get(5, TimeUnit.SECONDS);
    }

    private Channel bind(ChannelHandler codec) throws InterruptedException {
        return new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(codec)
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
