package io.quicroam.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.transport.HttpDatagramWriter;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.Transports;
import io.quicroam.transport.TunnelSettings;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/3 client on netty QUIC for the gateway's tests: it sends what a test tells it to, well-formed or not,
 * and records what comes back (datagrams, the connection's close).
 */
final class H3TestClient implements TunnelTestClient {
    static final long WAIT_SECONDS = 5;

    private final EventLoopGroup group = Transports.group(1, "h3-test-client");
    final QuicChannel connection;
    final BlockingQueue<ByteBuf> datagrams = new LinkedBlockingQueue<>();
    final CompletableFuture<QuicConnectionCloseEvent> closed = new CompletableFuture<>();
    private final String authority;

    H3TestClient(GatewayOnLoopback gateway) throws Exception {
        this.authority = gateway.authority;
        Channel udp = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(QuicTuning.defaults()
                        .apply(Http3.newQuicClientCodecBuilder())
                        .sslContext(QuicSslContextBuilder.forClient()
                                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                                .applicationProtocols(Http3.supportedApplicationProtocols())
                                .build())
                        .build())
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
        connection = QuicChannel.newBootstrap(udp)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel quic) {
                        quic.pipeline()
                                .addLast(
                                        new Http3ClientConnectionHandler(
                                                null, null, null, TunnelSettings.client(), true),
                                        new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                                if (msg instanceof ByteBuf datagram) {
                                                    datagrams.add(datagram);
                                                }
                                            }

                                            @Override
                                            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                                                if (event instanceof QuicConnectionCloseEvent close) {
                                                    closed.complete(close);
                                                }
                                            }
                                        });
                    }
                })
                .remoteAddress(gateway.address())
                .connect()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** A CONNECT-IP request for {@code path} (the template is /ip/{target}/{ipproto}/), as RFC 9484 §4.4 has it. */
    TestRequestStream connectIp(String path) throws Exception {
        Http3Headers headers = new DefaultHttp3Headers()
                .method("CONNECT")
                .protocol(ConnectIpRequest.PROTOCOL)
                .scheme("https")
                .authority(authority)
                .path(path);
        headers.add("capsule-protocol", "?1");
        return request(headers);
    }

    @Override
    public TestRequestStream request(List<Map.Entry<String, String>> headers) throws Exception {
        Http3Headers http3 = new DefaultHttp3Headers();
        headers.forEach(header -> http3.add(header.getKey(), header.getValue()));
        return request(http3);
    }

    /** Opens a request stream and sends {@code headers}, leaving the stream open. */
    TestRequestStream request(Http3Headers headers) throws Exception {
        TestRequestStream handler = new TestRequestStream(this);
        QuicStreamChannel stream = Http3.newRequestStream(connection, handler).get(WAIT_SECONDS, TimeUnit.SECONDS);
        handler.stream = stream;
        stream.writeAndFlush(new DefaultHttp3HeadersFrame(headers)).sync();
        return handler;
    }

    /** Sends one HTTP Datagram (RFC 9297 §2.1) for the request stream {@code quarterStreamId}. */
    void datagram(long quarterStreamId, long contextId, ByteBuf payload) {
        connection.writeAndFlush(HttpDatagramWriter.frame(connection.alloc(), quarterStreamId, contextId, payload));
    }

    /** The next datagram within the wait, or null. */
    ByteBuf nextDatagram() throws InterruptedException {
        return datagrams.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        connection.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
