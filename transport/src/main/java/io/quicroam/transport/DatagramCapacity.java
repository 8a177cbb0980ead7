package io.quicroam.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;

/**
 * The largest DATAGRAM frame payload a QUIC connection carries now (RFC 9221 §5: never more than the peer's
 * max_datagram_frame_size nor what fits the path MTU). A datagram above it would be refused at write time, so the
 * packet path compares each packet with it first and answers "too big" instead. Starts at what the tuning counts on,
 * follows what quiche reports at the handshake ({@link #watcher()}), and whatever else learns the path (PMTUD)
 * calls {@link #update}. Read on the packet path: volatile.
 */
public final class DatagramCapacity {
    private volatile int maxPayload;

    public DatagramCapacity(int initialMaxPayload) {
        this.maxPayload = initialMaxPayload;
    }

    /** Largest HTTP Datagram (header included) the connection carries now. */
    public int maxPayload() {
        return maxPayload;
    }

    public void update(int newMaxPayload) {
        this.maxPayload = newMaxPayload;
    }

    /** A handler for the connection's pipeline that keeps this up to date with quiche's datagram events. */
    public ChannelHandler watcher() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                if (event instanceof QuicDatagramExtensionEvent datagrams) {
                    update(datagrams.maxLength());
                }
                ctx.fireUserEventTriggered(event);
            }
        };
    }
}
