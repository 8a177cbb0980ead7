package io.quicroam.gateway;

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
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.transport.RateLimitedLog;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP/2 request stream on the gateway: the HTTP/2 framing of a {@link TunnelExchange} (which validates,
 * authenticates and opens or joins the session exactly as over HTTP/3). RFC 9484 §4 applies to HTTP/2 as written:
 * the extended CONNECT of RFC 8441 §4 ({@code :protocol connect-ip}, {@code :scheme}, {@code :authority},
 * {@code :path}); the datagrams travel as DATAGRAM capsules (RFC 9297 §3.5).
 */
final class Http2RequestHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Http2RequestHandler.class);
    private static final RateLimitedLog VIOLATIONS = RateLimitedLog.perMinute();
    /** The status of a malformed request (RFC 9484 §4.4): see ConnectIpRequestValidator. */
    private static final int MALFORMED = 400;

    private final Gateway gateway;
    private final TunnelExchange exchange;
    /** The request's path, once admitted. */
    private Http2TunnelStream tunnel;

    private boolean answered;

    Http2RequestHandler(Gateway gateway) {
        this.gateway = gateway;
        this.exchange = new TunnelExchange(gateway);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame headers) {
                onHeaders(ctx, headers);
            } else if (msg instanceof Http2DataFrame data) {
                // The body of a refused request is ignored (its flow-control credit is returned all the same).
                exchange.read(data.content(), violation -> abort(ctx, violation));
                if (data.isEndStream()) {
                    endOfStream(ctx);
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void onHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame) {
        if (answered) {
            if (frame.isEndStream()) {
                endOfStream(ctx); // trailers end the request
            }
            return;
        }
        answered = true;
        Http2Headers headers = frame.headers();
        Http2StreamChannel stream = (Http2StreamChannel) ctx.channel();
        TunnelExchange.Answer answer = exchange.open(
                name -> {
                    CharSequence value = headers.get(name);
                    return value == null ? null : value.toString();
                },
                () -> stream.parent()
                        .pipeline()
                        .get(SslHandler.class)
                        .engine()
                        .getSession()
                        .getPeerCertificates(),
                () -> tunnel = new Http2TunnelStream(stream, gateway.metrics()));
        if (answer instanceof TunnelExchange.Answer.Refused refused) {
            Http2Headers response = new DefaultHttp2Headers().status(Integer.toString(refused.status()));
            refused.headers().forEach(header -> response.add(header.getKey(), header.getValue()));
            ctx.writeAndFlush(new DefaultHttp2HeadersFrame(response, true));
            if (refused.status() == MALFORMED) {
                // RFC 9113 §8.1.1: a malformed request is a stream error of type PROTOCOL_ERROR; the status goes
                // first.
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
            }
            return;
        }
        TunnelExchange.Answer.Opened opened = (TunnelExchange.Answer.Opened) answer;
        Http2Headers response = new DefaultHttp2Headers().status("200");
        for (Map.Entry<String, String> header : opened.headers()) {
            response.add(header.getKey(), header.getValue());
        }
        ctx.write(new DefaultHttp2HeadersFrame(response));
        tunnel.sendCapsules(opened.capsules());
    }

    private void endOfStream(ChannelHandlerContext ctx) {
        if (exchange.endOfStream(violation -> abort(ctx, violation)) || !exchange.opened()) {
            ctx.close(); // the client ended the tunnel (RFC 9484 §3: closing the stream closes the tunnel)
        }
    }

    /**
     * RFC 9297 §3.3: a malformed capsule makes the request malformed, in HTTP/2 a stream error (RFC 9113 §8.1.1);
     * a capsule above the limit burdens only its stream too. The stream is reset; the connection and its other
     * streams carry on.
     */
    private void abort(ChannelHandlerContext ctx, ProtocolViolation violation) {
        long suppressed = VIOLATIONS.tryLog();
        if (suppressed >= 0) {
            log.warn(
                    "capsule protocol violation on an HTTP/2 stream ({}): {} ({} more since the last line)",
                    violation.error(),
                    violation.reason(),
                    suppressed);
        }
        Http2Error code = violation.error() == H3Error.H3_EXCESSIVE_LOAD
                ? Http2Error.ENHANCE_YOUR_CALM
                : Http2Error.PROTOCOL_ERROR;
        ctx.writeAndFlush(new DefaultHttp2ResetFrame(code));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        exchange.closed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A stream reset by the client, or its connection lost: the stream ends, channelInactive follows.
        log.debug("HTTP/2 request stream failed", cause);
        ctx.close();
    }
}
