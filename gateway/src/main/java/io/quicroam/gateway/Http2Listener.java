package io.quicroam.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quicroam.transport.Http2Tunnels;
import io.quicroam.transport.Transports;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's face for networks that block UDP: TCP, TLS 1.3 with ALPN {@code h2}, HTTP/2 with
 * SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3), an {@link Http2RequestHandler} on each request stream. Runs on the
 * gateway's event loop, beside the QUIC socket: the sessions do not care which one a path came through.
 */
final class Http2Listener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Http2Listener.class);

    private final Channel channel;

    private Http2Listener(Channel channel) {
        this.channel = channel;
    }

    /**
     * @param address   where to listen
     * @param cert      the certificate chain QUIC uses too
     * @param key       its key
     * @param quota     the connection quota QUIC shares
     */
    static Http2Listener start(
            Gateway gateway,
            EventLoopGroup group,
            InetSocketAddress address,
            Path cert,
            Path key,
            ConnectionQuota quota)
            throws InterruptedException, SSLException {
        GatewayConfig config = gateway.config();
        SslContextBuilder tls = config.tlsGroups()
                .applyTo(SslContextBuilder.forServer(cert.toFile(), key.toFile()))
                .protocols("TLSv1.3")
                .applicationProtocolConfig(Http2Tunnels.alpn());
        if (config.clientCaFile() != null) {
            tls.trustManager(config.clientCaFile().toFile()).clientAuth(ClientAuth.REQUIRE);
        }
        SslContext ssl = tls.build();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(Transports.serverSocketChannel())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel tcp) {
                        if (!gateway.handshakes().admitTcp((InetSocketAddress) tcp.remoteAddress())) {
                            tcp.close(); // before TLS: a refused client costs no handshake
                            return;
                        }
                        tcp.pipeline()
                                .addLast(
                                        quota.guard(),
                                        ssl.newHandler(tcp.alloc()),
                                        Http2FrameCodecBuilder.forServer()
                                                .initialSettings(Http2Tunnels.settings(
                                                        true, config.limits().maxStreamsPerConnection()))
                                                .build(),
                                        Http2Tunnels.connectionWindow(),
                                        new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                                            @Override
                                            protected void initChannel(Http2StreamChannel stream) {
                                                stream.pipeline().addLast(new Http2RequestHandler(gateway));
                                            }
                                        }),
                                        new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                // A failed TLS handshake (no h2, no client certificate) or a
                                                // connection-level HTTP/2 error: counted, the connection closes.
                                                gateway.refused().connectionFailed(cause);
                                                ctx.close();
                                            }
                                        });
                    }
                });
        Http2Tunnels.options(bootstrap);
        Channel channel = bootstrap.bind(address).sync().channel();
        log.info("gateway listening on TCP port {} (HTTP/2)", ((InetSocketAddress) channel.localAddress()).getPort());
        return new Http2Listener(channel);
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
