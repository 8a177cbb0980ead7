package io.quicroam.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;

/**
 * At most {@code limits.max-streams-per-connection} request streams open at once on one QUIC connection: the
 * request on one more is answered 429 (RFC 6585 §4: too many requests) and its stream ends; the connection and its
 * other streams carry on. One per connection; its streams all run on the connection's event loop.
 */
final class StreamQuota {
    private final int max;
    private final QuotaMeters meters;
    private int open;

    StreamQuota(int max, QuotaMeters meters) {
        this.max = max;
        this.meters = meters;
    }

    /** A handler for one new request stream's pipeline, in front of the request handler. */
    ChannelHandler guard() {
        return new Guard();
    }

    private final class Guard extends ChannelInboundHandlerAdapter {
        private boolean counted;
        private boolean answered;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (open < max) {
                open++;
                counted = true;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (counted) {
                ctx.fireChannelRead(msg);
                return;
            }
            ReferenceCountUtil.release(msg); // the refused request's headers and body: nothing reads them
            if (msg instanceof Http3HeadersFrame && !answered) {
                answered = true;
                meters.refused(Quota.STREAMS_PER_CONNECTION, "429");
                ctx.writeAndFlush(new DefaultHttp3HeadersFrame(new DefaultHttp3Headers().status("429")))
                        .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (counted) {
                counted = false;
                open--;
            }
            ctx.fireChannelInactive();
        }
    }
}
