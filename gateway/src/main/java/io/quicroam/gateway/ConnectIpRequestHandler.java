package io.quicroam.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.transport.CapsuleReader;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.HttpDatagramReceiver;
import io.quicroam.transport.PeerSettings;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/3 request stream on the gateway: the HTTP/3 framing of a {@link TunnelExchange} (which validates,
 * authenticates and opens or joins the session), its datagrams in QUIC DATAGRAM frames, and the HTTP/3 way of
 * aborting a stream.
 */
final class ConnectIpRequestHandler extends Http3RequestStreamInboundHandler {
    private static final Logger log = LoggerFactory.getLogger(ConnectIpRequestHandler.class);
    /** The status of a malformed request (RFC 9484 §4.4, RFC 9114 §4.1.2): see ConnectIpRequestValidator. */
    private static final int MALFORMED = 400;

    private final Gateway gateway;
    private final PeerSettings peerSettings;
    private final HttpDatagramReceiver datagrams;
    private final DatagramCapacity capacity;
    private final TunnelExchange exchange;
    /** The request's path, once admitted. */
    private TunnelStream tunnel;

    private boolean answered;
    /** Quarter stream ID of a refused request whose datagrams abort it (RFC 9297 §2.1), or -1. */
    private long refusedDatagrams = -1;

    ConnectIpRequestHandler(
            Gateway gateway, PeerSettings peerSettings, HttpDatagramReceiver datagrams, DatagramCapacity capacity) {
        this.gateway = gateway;
        this.peerSettings = peerSettings;
        this.datagrams = datagrams;
        this.capacity = capacity;
        this.exchange = new TunnelExchange(gateway);
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (answered) {
            return; // trailers; nothing to do
        }
        answered = true;
        Http3Headers headers = frame.headers();
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        TunnelExchange.Answer answer = exchange.open(
                name -> {
                    CharSequence value = headers.get(name);
                    return value == null ? null : value.toString();
                },
                () -> ((QuicChannel) stream.parent()).sslEngine().getSession().getPeerCertificates(),
                () -> tunnel = new TunnelStream(stream, peerSettings, capacity, gateway.metrics()));
        if (answer instanceof TunnelExchange.Answer.Refused refused) {
            reject(ctx, refused);
            if (!DatagramSemantics.defined(headers)) {
                abortOnDatagram(ctx);
            }
            return;
        }
        TunnelExchange.Answer.Opened opened = (TunnelExchange.Answer.Opened) answer;
        datagrams.register(tunnel.quarterStreamId, exchange::onDatagram);
        Http3Headers response = new DefaultHttp3Headers().status("200");
        for (Map.Entry<String, String> header : opened.headers()) {
            response.add(header.getKey(), header.getValue());
        }
        ctx.write(new DefaultHttp3HeadersFrame(response));
        tunnel.sendCapsules(opened.capsules());
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        try {
            // The body of a rejected request is released unread.
            QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
            exchange.read(frame.content(), violation -> CapsuleReader.abort(stream, violation));
        } finally {
            frame.release();
        }
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        if (exchange.endOfStream(violation -> CapsuleReader.abort(stream, violation))) {
            ctx.close(); // the client ended the tunnel (RFC 9484 §3: closing the stream closes the tunnel)
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (refusedDatagrams >= 0) {
            datagrams.unregister(refusedDatagrams);
        }
        if (exchange.opened()) {
            datagrams.unregister(tunnel.quarterStreamId);
        }
        exchange.closed();
        ctx.fireChannelInactive();
    }

    private void reject(ChannelHandlerContext ctx, TunnelExchange.Answer.Refused refused) {
        Http3Headers headers = new DefaultHttp3Headers().status(Integer.toString(refused.status()));
        for (Map.Entry<String, String> header : refused.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        if (refused.status() == MALFORMED) {
            // RFC 9114 §4.1.2: a malformed request is a stream error of type H3_MESSAGE_ERROR. The status goes first,
            // for a client that reads it before it sees the reset.
            ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers))
                    .addListener(sent -> stream.shutdown((int) H3Error.H3_MESSAGE_ERROR.code()));
        } else {
            ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
    }

    /**
     * RFC 9297 §2.1: a datagram for a request whose method and protocol define no HTTP Datagrams (a GET, a classic
     * CONNECT) aborts that stream with H3_DATAGRAM_ERROR.
     */
    private void abortOnDatagram(ChannelHandlerContext ctx) {
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        refusedDatagrams = HttpDatagram.quarterStreamId(stream.streamId());
        datagrams.register(refusedDatagrams, (contextId, payload) -> {
            payload.release();
            gateway.metrics().dropped(DropReason.NO_DATAGRAM_SEMANTICS);
            datagrams.unregister(refusedDatagrams);
            log.debug("datagram on a request stream without datagram semantics: aborting it with H3_DATAGRAM_ERROR");
            // The response went out whole; what is left to abort is reading (STOP_SENDING, RFC 9000 §3.5).
            stream.shutdownInput((int) H3Error.H3_DATAGRAM_ERROR.code());
            if (!stream.isOutputShutdown()) {
                stream.shutdownOutput((int) H3Error.H3_DATAGRAM_ERROR.code());
            }
        });
    }
}
