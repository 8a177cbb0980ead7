package io.quicroam.agent;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quicroam.masque.ConnectIpRequest;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.Transports;
import io.quicroam.transport.TunnelSettings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/3 client for what the agent never does: several CONNECT-IP requests on one QUIC connection, each
 * stream left open, each answer's status read. Closing it closes the connection.
 */
final class RawConnectIp implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final LocalGateway gateway;
    private final QuicChannel connection;
    private final CapsuleDecoder capsuleDecoder = new CapsuleDecoder();
    private final CompletableFuture<InetAddress> assignedV4 = new CompletableFuture<>();

    RawConnectIp(LocalGateway gateway) throws Exception {
        this(
                gateway,
                Transports.group(1, "raw-connect-ip"),
                true,
                gateway.server().localAddress().getAddress());
    }

    /** A connection on {@code group}, which the caller owns (many connections, few threads). */
    RawConnectIp(LocalGateway gateway, EventLoopGroup group) throws Exception {
        this(gateway, group, false, gateway.server().localAddress().getAddress());
    }

    /**
     * A connection on {@code group} from {@code local} (e.g. 127.0.1.1: another /24 than the gateway's own loopback
     * address); if the handshake does not complete within 5 s the socket is closed and the exception thrown.
     */
    RawConnectIp(LocalGateway gateway, EventLoopGroup group, InetAddress local) throws Exception {
        this(gateway, group, false, local);
    }

    private RawConnectIp(LocalGateway gateway, EventLoopGroup group, boolean ownsGroup, InetAddress local)
            throws Exception {
        this.gateway = gateway;
        this.group = group;
        this.ownsGroup = ownsGroup;
        ChannelHandler codec = QuicTuning.defaults()
                .apply(Http3.newQuicClientCodecBuilder())
                .sslContext(QuicSslContextBuilder.forClient()
                        .trustManager(InsecureTrustManagerFactory.INSTANCE) // the quotas under test, not TLS
                        .applicationProtocols(Http3.supportedApplicationProtocols())
                        .build())
                .build();
        InetSocketAddress server = gateway.server().localAddress();
        Channel socket = new Bootstrap()
                .group(group)
                .channel(Transports.datagramChannel())
                .handler(codec)
                .bind(new InetSocketAddress(local, 0))
                .sync()
                .channel();
        try {
            this.connection = QuicChannel.newBootstrap(socket)
                    .handler(new Http3ClientConnectionHandler(null, null, null, TunnelSettings.client(), true))
                    .remoteAddress(server)
                    .connect()
                    .get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // A refused or unanswered handshake: without this the socket would outlive the failed attempt.
            socket.close().sync();
            throw e;
        }
    }

    /**
     * Opens a request stream, sends a CONNECT-IP request and waits for the status; the stream stays open if the
     * request was accepted (the tunnel lives as long as it), and is closed if it was refused.
     */
    Answer request() throws Exception {
        return request(Map.of());
    }

    /** As {@link #request()}, with {@code extraHeaders} (e.g. the extension's join). */
    Answer request(Map<String, String> extraHeaders) throws Exception {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        QuicStreamChannel stream = Http3.newRequestStream(connection, new Http3RequestStreamInboundHandler() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        Http3Headers headers = new DefaultHttp3Headers();
                        ConnectIpRequest request = ConnectIpRequest.of(UriTemplate.parse(gateway.template()), "*", "*");
                        for (Map.Entry<String, String> header : request.headers()) {
                            headers.add(header.getKey(), header.getValue());
                        }
                        extraHeaders.forEach(headers::add);
                        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers));
                        ctx.fireChannelActive();
                    }

                    @Override
                    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
                        status.complete(
                                Integer.parseInt(frame.headers().status().toString()));
                    }

                    @Override
                    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
                        try {
                            List<Capsule> capsules = new ArrayList<>();
                            capsuleDecoder.decode(frame.content(), capsules);
                            for (Capsule capsule : capsules) {
                                if (capsule instanceof AddressAssign assign) {
                                    assign.addresses().stream()
                                            .map(a -> a.prefix().address())
                                            .filter(Inet4Address.class::isInstance)
                                            .findFirst()
                                            .ifPresent(assignedV4::complete);
                                }
                            }
                        } catch (ProtocolViolation e) {
                            assignedV4.completeExceptionally(e);
                        } finally {
                            frame.release();
                        }
                    }

                    @Override
                    protected void channelInputClosed(ChannelHandlerContext ctx) {}
                })
                .get(5, TimeUnit.SECONDS);
        int answer = status.get(5, TimeUnit.SECONDS);
        if (answer != 200) {
            stream.close().sync();
        }
        return new Answer(answer, stream);
    }

    record Answer(int status, QuicStreamChannel stream) {}

    /** The IPv4 address the gateway assigned on the last accepted request (ADDRESS_ASSIGN, RFC 9484 §4.7.1). */
    InetAddress assignedV4() throws Exception {
        return assignedV4.get(5, TimeUnit.SECONDS);
    }

    /** Sends {@code ipPacket} (taken) as an HTTP Datagram on {@code stream}'s tunnel, context 0 (RFC 9484 §6). */
    void send(QuicStreamChannel stream, ByteBuf ipPacket) {
        long quarterStreamId = HttpDatagram.quarterStreamId(stream.streamId());
        ByteBuf datagram =
                connection.alloc().buffer(HttpDatagram.headerLength(quarterStreamId, 0) + ipPacket.readableBytes());
        HttpDatagram.writeHeader(datagram, quarterStreamId, HttpDatagram.IP_PACKET_CONTEXT_ID);
        datagram.writeBytes(ipPacket);
        ipPacket.release();
        connection.writeAndFlush(datagram);
    }

    boolean isOpen() {
        return connection.isActive();
    }

    @Override
    public void close() throws InterruptedException {
        connection.close().sync();
        if (ownsGroup) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
