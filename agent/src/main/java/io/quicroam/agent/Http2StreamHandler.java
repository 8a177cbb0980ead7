package io.quicroam.agent;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.transport.DropCounter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/2 framing of the agent's end of a CONNECT-IP request ({@link TunnelRequest}): the extended CONNECT
 * (RFC 8441 §4), the response and capsules from HTTP/2 frames, and RST_STREAM where HTTP/3 would reset the stream.
 */
final class Http2StreamHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Http2StreamHandler.class);

    private final TunnelRequest request;
    private final DropCounter drops;

    Http2StreamHandler(TunnelRequest request, DropCounter drops) {
        this.request = request;
        this.drops = drops;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        Http2Headers headers = new DefaultHttp2Headers();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.add(header.getKey(), header.getValue());
        }
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers));
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame frame) {
                onHeaders(ctx, frame);
            } else if (msg instanceof Http2DataFrame data) {
                request.read(data.content(), violation -> abort(ctx, violation));
                if (data.isEndStream()) {
                    request.endOfStream(violation -> abort(ctx, violation));
                    ctx.close();
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        Http2StreamChannel stream = (Http2StreamChannel) ctx.channel();
        TunnelRequest.Outcome outcome = request.onResponse(
                name -> {
                    CharSequence value = frame.headers().get(name);
                    return value == null ? null : value.toString();
                },
                (token, pathId) -> new TunnelPath(new Http2Carrier(stream, drops), token, pathId),
                ctx.executor());
        switch (outcome) {
            case REFUSED -> ctx.close();
            // RFC 9113 §8.1.1: a malformed response is a stream error of type PROTOCOL_ERROR.
            case MALFORMED ->
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR))
                        .addListener(reset -> ctx.close());
            case OPEN, TRAILERS, WAIT -> {
                if (frame.isEndStream()) {
                    ctx.close(); // the proxy ended the tunnel (RFC 9484 §3)
                }
            }
        }
    }

    /** RFC 9297 §3.3: a malformed capsule makes the message malformed, in HTTP/2 a stream error (RFC 9113 §8.1.1). */
    private void abort(ChannelHandlerContext ctx, ProtocolViolation violation) {
        log.warn("capsule protocol violation from the proxy ({}): {}", violation.error(), violation.reason());
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR)).addListener(reset -> ctx.close());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        request.closed();
        ctx.channel().parent().close(); // one request per connection: the connection goes with it
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        request.failed(cause);
        ctx.close();
    }
}
