package io.quicroam.agent;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.Http2Tunnels;
import io.quicroam.transport.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Opens CONNECT-IP tunnels to the proxy over TCP, TLS 1.3 (ALPN {@code h2}) and HTTP/2, for networks that block UDP:
 * the socket pinned to its interface as a QUIC path's is ({@link SocketPinning}), one request per connection.
 */
final class Http2Connector {
    private final ConnectIpClient client;
    private final EventLoopGroup group;
    private final DropCounter drops;
    private final SslContext ssl;

    Http2Connector(ConnectIpClient client, EventLoopGroup group, DropCounter drops) throws IOException {
        this.client = client;
        this.group = group;
        this.drops = drops;
        ServerConfig server = client.server();
        // As over QUIC: the proxy's certificate must name the host in server.url (RFC 9110 §4.3.4, RFC 6125).
        SslContextBuilder builder = server.tlsGroups()
                .applyTo(SslContextBuilder.forClient())
                .protocols("TLSv1.3")
                .applicationProtocolConfig(Http2Tunnels.alpn())
                .endpointIdentificationAlgorithm("HTTPS");
        if (server.caFile() != null) {
            builder.trustManager(server.caFile().toFile());
        }
        if (server.certFile() != null) {
            builder.keyManager(server.certFile().toFile(), server.keyFile().toFile()); // mTLS
        }
        this.ssl = builder.build();
    }

    /**
     * The connector when some interface may use HTTP/2, else null: with QUIC alone (the default) its TLS context
     * would load OpenSSL (netty-tcnative, a 1.9 MiB library) and, through netty's SslUtils, the JDK's TLS engine
     * (178 classes) into an agent that never opens a TCP connection: 6.6 MiB of an idle agent's 97
     * (docs/benchmarks.md, "What an idle agent costs"). The transports do not change on a reload.
     */
    static Http2Connector ifUsed(
            ConnectIpClient client, EventLoopGroup group, DropCounter drops, TransportConfig config)
            throws IOException {
        return config.quicOnly() ? null : new Http2Connector(client, group, drops);
    }

    /** Connects from {@code local} on {@code device} to {@code remote} over TCP and asks for a tunnel. */
    CompletableFuture<TunnelPath> open(
            InetSocketAddress local,
            String device,
            InetSocketAddress remote,
            Map<String, String> extraHeaders,
            TunnelPath.Listener listener) {
        CompletableFuture<TunnelPath> result = new CompletableFuture<>();
        CompletableFuture<Void> connectProtocol = new CompletableFuture<>();
        ServerConfig server = client.server();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(Transports.socketChannel())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel tcp) {
                        tcp.pipeline()
                                .addLast(
                                        ssl.newHandler(
                                                tcp.alloc(),
                                                server.template().host(),
                                                server.template().port()),
                                        Http2FrameCodecBuilder.forClient()
                                                .initialSettings(Http2Tunnels.settings(false, 0))
                                                .build(),
                                        Http2Tunnels.connectionWindow(),
                                        new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                        new ChannelInboundHandlerAdapter() {
                                            @Override
                                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                                if (msg instanceof Http2SettingsFrame settings) {
                                                    // RFC 8441 §3: no :protocol unless the server enabled it.
                                                    Boolean enabled =
                                                            settings.settings().connectProtocolEnabled();
                                                    if (Boolean.TRUE.equals(enabled)) {
                                                        connectProtocol.complete(null);
                                                    } else {
                                                        connectProtocol.completeExceptionally(
                                                                new ProxyNonConformantException("the proxy's HTTP/2 "
                                                                        + "SETTINGS do not enable extended CONNECT "
                                                                        + "(RFC 8441 §3)"));
                                                    }
                                                }
                                                ctx.fireChannelRead(msg);
                                            }

                                            @Override
                                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                                result.completeExceptionally(cause);
                                                ctx.close();
                                            }

                                            @Override
                                            public void channelInactive(ChannelHandlerContext ctx) {
                                                result.completeExceptionally(
                                                        new IOException("the proxy closed the HTTP/2 connection"));
                                                ctx.fireChannelInactive();
                                            }
                                        });
                    }
                });
        Http2Tunnels.options(bootstrap);
        SocketPinning.bind(bootstrap, local == null ? new InetSocketAddress(0) : local, device)
                .whenComplete((tcp, bindFailure) -> {
                    if (bindFailure != null) {
                        result.completeExceptionally(bindFailure);
                        return;
                    }
                    result.whenComplete((path, failure) -> {
                        if (failure != null) {
                            tcp.close(); // given up on, or refused: nothing half-open is left
                        }
                    });
                    tcp.connect(remote).addListener(connected -> {
                        if (!connected.isSuccess()) {
                            result.completeExceptionally(connected.cause());
                            return;
                        }
                        connectProtocol.whenComplete((ok, refused) -> tcp.eventLoop()
                                .execute(() -> {
                                    if (refused != null) {
                                        result.completeExceptionally(refused);
                                        return;
                                    }
                                    RequestTurn.await(
                                            listener,
                                            tcp.eventLoop(),
                                            result,
                                            () -> request(tcp, extraHeaders, listener, result));
                                }));
                    });
                });
        return result;
    }

    private void request(
            Channel tcp,
            Map<String, String> extraHeaders,
            TunnelPath.Listener listener,
            CompletableFuture<TunnelPath> result) {
        TunnelRequest request = client.tunnelRequest(extraHeaders, listener);
        new Http2StreamChannelBootstrap(tcp)
                .handler(new Http2StreamHandler(request, drops))
                .open()
                .addListener(opened -> {
                    if (opened.isSuccess()) {
                        listener.onRequestSent();
                    } else {
                        result.completeExceptionally(opened.cause());
                    }
                });
        request.established.whenComplete((path, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(path);
            }
        });
    }
}
