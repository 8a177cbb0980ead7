package io.quicroam.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code limits.max-connections} connections at once, QUIC and HTTP/2 alike: one more is closed as soon as
 * it is established, a QUIC one with the transport error CONNECTION_REFUSED ("the server refused to accept a new
 * connection", RFC 9000 §20.1), a TCP one at once; counted and logged at most once a minute. The connections already
 * open are not touched.
 */
final class ConnectionQuota {
    /** RFC 9000 §20.1. */
    static final int CONNECTION_REFUSED = 0x02;

    private static final String REASON = "too many connections";

    private final int max;
    private final QuotaMeters meters;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionQuota(int max, QuotaMeters meters) {
        this.max = max;
        this.meters = meters;
    }

    /** A handler for one new connection's pipeline. */
    ChannelHandler guard() {
        return new Guard();
    }

    private final class Guard extends ChannelInboundHandlerAdapter {
        private boolean counted;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                meters.refused(Quota.CONNECTIONS, "CONNECTION_REFUSED");
                if (ctx.channel() instanceof QuicChannel quic) {
                    quic.close(false, CONNECTION_REFUSED, Unpooled.copiedBuffer(REASON, StandardCharsets.US_ASCII));
                } else {
                    ctx.close();
                }
                return;
            }
            counted = true;
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (counted) {
                counted = false;
                open.decrementAndGet();
            }
            ctx.fireChannelInactive();
        }
    }
}
