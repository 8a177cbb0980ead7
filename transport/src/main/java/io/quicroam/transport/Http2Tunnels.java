package io.quicroam.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ConnectionPrefaceAndSettingsFrameWrittenEvent;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;

/**
 * CONNECT-IP over HTTP/2 (RFC 9484 §4 with RFC 8441's extended CONNECT), for networks that block UDP: what agent and
 * gateway agree on. IP packets travel as DATAGRAM capsules on the request stream (RFC 9297 §3.5), in TCP: a
 * tunnelled TCP connection's losses are then repaired twice and wait behind each other (head-of-line blocking), so
 * the bytes queued at a sender are kept short — a packet that would wait longer is dropped (counted) and the inner
 * TCP learns of the congestion as it would on a real link.
 */
public final class Http2Tunnels {
    /** ALPN (RFC 7301) for HTTP/2 over TLS (RFC 9113 §3.2). */
    public static final String ALPN = ApplicationProtocolNames.HTTP_2;
    /**
     * DATAGRAM capsules waiting to be written into the TCP socket, at most (drop-tail beyond): about 40 full-size
     * packets, a few milliseconds at the rates a laptop tunnel carries, instead of seconds of stale packets.
     */
    public static final int CAPSULE_QUEUE_BYTES = 64 * 1024;
    /**
     * Unsent bytes the kernel keeps per socket (TCP_NOTSENT_LOWAT): beyond it the socket stops being writable and
     * the packets wait (and are dropped) in {@link #CAPSULE_QUEUE_BYTES} instead of in a send buffer of megabytes.
     */
    public static final long NOT_SENT_LOW_WATER = 16 * 1024;
    /**
     * The receive window of each stream and of the connection: HTTP/2's 64 KiB default (RFC 9113 §6.9.2) would cap a
     * tunnel at 64 KiB per round trip; the sender's queue, not the window, keeps latency down.
     */
    public static final int WINDOW = 4 * 1024 * 1024;
    /**
     * The largest IP packet a path carries: no QUIC datagram limits it, so what a full Ethernet frame holds, the MTU
     * of the link a laptop's packets were made for. RFC 9484 §7.1's 1280 fits.
     */
    public static final int MAX_IP_PACKET = 1500;

    private Http2Tunnels() {}

    /**
     * The SETTINGS both ends send: the large window, and on the server SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441
     * §3), without which a client must not send {@code :protocol}.
     *
     * @param maxStreams SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §6.5.2), the per-connection request quota
     */
    public static Http2Settings settings(boolean server, long maxStreams) {
        Http2Settings settings = Http2Settings.defaultSettings().initialWindowSize(WINDOW);
        if (server) {
            settings.connectProtocolEnabled(true).maxConcurrentStreams(maxStreams);
        }
        return settings;
    }

    /**
     * ALPN offering and accepting only {@code h2}. BoringSSL (netty-tcnative) cannot answer a mismatch with a fatal
     * alert, so a peer that cannot speak HTTP/2 is refused one step later: its first bytes are not the HTTP/2
     * connection preface (RFC 9113 §3.4), a connection error that closes the connection.
     */
    public static ApplicationProtocolConfig alpn() {
        return new ApplicationProtocolConfig(
                ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                ALPN);
    }

    /**
     * Opens the connection's receive window to {@link #WINDOW} once the preface is out (a SETTINGS frame sets only the
     * streams' windows, RFC 9113 §6.9.2). For the pipeline, after the HTTP/2 frame codec.
     */
    public static ChannelHandler connectionWindow() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof Http2ConnectionPrefaceAndSettingsFrameWrittenEvent) {
                    ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(WINDOW - 65_535));
                }
                ctx.fireUserEventTriggered(event);
            }
        };
    }

    /** Socket options of the TCP connections a gateway accepts. */
    public static void options(ServerBootstrap server) {
        server.childOption(ChannelOption.TCP_NODELAY, true); // a packet is sent when it comes, not batched
        if (Epoll.isAvailable()) {
            server.childOption(EpollChannelOption.TCP_NOTSENT_LOWAT, NOT_SENT_LOW_WATER);
        }
    }

    /** Socket options of an agent's TCP connection. */
    public static void options(Bootstrap client) {
        client.option(ChannelOption.TCP_NODELAY, true);
        if (Epoll.isAvailable()) {
            client.option(EpollChannelOption.TCP_NOTSENT_LOWAT, NOT_SENT_LOW_WATER);
        }
    }
}
