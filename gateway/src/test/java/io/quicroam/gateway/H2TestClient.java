package io.quicroam.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quicroam.transport.Http2Tunnels;
import io.quicroam.transport.Transports;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/2 client on netty (TCP, TLS 1.3, ALPN h2) for the gateway's tests: extended CONNECT requests as a test
 * writes them, each on its own stream ({@link H2TestStream}), and the server's SETTINGS.
 */
final class H2TestClient implements TunnelTestClient {
    private final EventLoopGroup group = Transports.group(1, "h2-test-client");
    private final Channel connection;
    /** The gateway's first SETTINGS frame. */
    final CompletableFuture<Http2Settings> serverSettings = new CompletableFuture<>();

    H2TestClient(GatewayOnLoopback gateway) throws Exception {
        SslContext ssl = SslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .protocols("TLSv1.3")
                .applicationProtocolConfig(Http2Tunnels.alpn())
                .build();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel tcp) {
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
                                                if (msg instanceof Http2SettingsFrame settings) {
                                                    serverSettings.complete(settings.settings());
                                                }
                                                ctx.fireChannelRead(msg);
                                            }
                                        });
                    }
                });
        Http2Tunnels.options(bootstrap);
        connection = bootstrap.connect(gateway.tcpAddress()).sync().channel();
        // RFC 8441 §3: no :protocol before the server said it takes one.
        serverSettings.get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public H2TestStream request(List<Map.Entry<String, String>> headers) throws Exception {
        H2TestStream handler = new H2TestStream();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(connection)
                .handler(handler)
                .open()
                .get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
        handler.stream = stream;
        Http2Headers http2 = new DefaultHttp2Headers();
        headers.forEach(header -> http2.add(header.getKey(), header.getValue()));
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(http2)).sync();
        return handler;
    }

    boolean isOpen() {
        return connection.isActive();
    }

    /** Stops (or resumes) reading the TCP socket: a client behind a link slower than what is sent to it. */
    void reading(boolean on) {
        connection
                .eventLoop()
                .submit(() -> {
                    connection.config().setAutoRead(on);
                    if (on) {
                        connection.read();
                    }
                })
                .syncUninterruptibly();
    }

    @Override
    public void close() {
        connection.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
