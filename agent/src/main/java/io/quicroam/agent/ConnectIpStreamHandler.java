package io.quicroam.agent;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.transport.CapsuleReader;
import io.quicroam.transport.HttpDatagramReceiver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP/3 framing of the agent's end of a CONNECT-IP request ({@link TunnelRequest}): sends the request, reads the
 * response and capsules from HTTP/3 frames, registers for the stream's datagrams in QUIC DATAGRAM frames, and aborts
 * the stream the HTTP/3 way.
 */
final class ConnectIpStreamHandler extends Http3RequestStreamInboundHandler {
    private final TunnelRequest request;
    private final HttpDatagramReceiver datagrams;
    private final PathFactory pathFactory;
    final CompletableFuture<TunnelPath> established;

    ConnectIpStreamHandler(TunnelRequest request, HttpDatagramReceiver datagrams, PathFactory pathFactory) {
        this.request = request;
        this.datagrams = datagrams;
        this.pathFactory = pathFactory;
        this.established = request.established;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Http3Headers headers = new DefaultHttp3Headers();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        ctx.writeAndFlush(new DefaultHttp3HeadersFrame(headers));
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        TunnelRequest.Outcome outcome = request.onResponse(
                name -> {
                    CharSequence value = frame.headers().get(name);
                    return value == null ? null : value.toString();
                },
                (token, pathId) -> pathFactory.create(stream, token, pathId),
                ctx.executor());
        switch (outcome) {
            case OPEN -> datagrams.register(HttpDatagram.quarterStreamId(stream.streamId()), request::onDatagram);
            case REFUSED -> ctx.close();
            case MALFORMED -> {
                // A malformed response is a stream error of type H3_MESSAGE_ERROR (RFC 9114 §4.1.2).
                stream.shutdown((int) H3Error.H3_MESSAGE_ERROR.code());
                ctx.close();
            }
            case WAIT, TRAILERS -> {}
        }
    }

    /** Builds the path once the proxy accepted: its stream, and what the extension's response headers said. */
    @FunctionalInterface
    interface PathFactory {
        TunnelPath create(QuicStreamChannel stream, String sessionToken, long gatewayPathId);
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        try {
            request.read(frame.content(), violation -> CapsuleReader.abort(stream, violation));
        } finally {
            frame.release();
        }
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        request.endOfStream(violation -> CapsuleReader.abort(stream, violation));
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (request.opened()) {
            datagrams.unregister(HttpDatagram.quarterStreamId(((QuicStreamChannel) ctx.channel()).streamId()));
        }
        request.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        request.failed(cause);
        ctx.close();
    }
}
