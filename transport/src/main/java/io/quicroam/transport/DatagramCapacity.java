package io.quicroam.transport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionPathStats;
import io.netty.handler.codec.quic.QuicDatagramExtensionEvent;
import java.util.concurrent.CompletableFuture;

/**
 * The largest DATAGRAM frame payload a QUIC connection carries now (RFC 9221 §5: never more than the peer's
 * max_datagram_frame_size nor what fits the path MTU). A datagram above it would be refused at write time, so the
 * packet path compares each packet with it first and answers "too big" instead. Starts at what every QUIC path
 * carries ({@link #atQuicMinimum()}), follows what quiche reports at the handshake ({@link #watcher()}), and then
 * what the connection's path MTU discovery finds (DPLPMTUD, RFC 8899, RFC 9000 §14.3), read by {@link #refresh}:
 * netty reports the capacity only once, at the handshake, before discovery has probed past 1200 bytes.
 * Read on the packet path: volatile.
 */
public final class DatagramCapacity {
    private volatile int maxPayload;
    private volatile boolean peerTakesDatagrams;

    public DatagramCapacity(int initialMaxPayload) {
        this.maxPayload = initialMaxPayload;
    }

    /** What a 1200-byte UDP payload leaves, the size every QUIC path carries and DPLPMTUD starts from. */
    public static DatagramCapacity atQuicMinimum() {
        return new DatagramCapacity(QuicTuning.datagramPayload(QuicTuning.MIN_UDP_PAYLOAD));
    }

    /** Largest HTTP Datagram (header included) the connection carries now. */
    public int maxPayload() {
        return maxPayload;
    }

    /**
     * Whether the peer announced max_datagram_frame_size (RFC 9221 §3), i.e. QUIC DATAGRAM frames may be sent at all;
     * known once the handshake is done. Without it HTTP Datagrams go as DATAGRAM capsules (RFC 9297 §3.5).
     */
    public boolean peerTakesDatagrams() {
        return peerTakesDatagrams;
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
                    // quiche reports the extension only when the peer's transport parameters carried it.
                    peerTakesDatagrams = true;
                    update(datagrams.maxLength());
                }
                ctx.fireUserEventTriggered(event);
            }
        };
    }

    /**
     * Reads the path MTU (the UDP payload quiche may send) of {@code connection}'s active path now and follows it;
     * completes on the connection's event loop with the new {@link #maxPayload()}. Both ends are quiche, whose
     * max_datagram_frame_size (65536) never binds below a path MTU, so the path MTU alone sets the capacity.
     */
    public CompletableFuture<Integer> refresh(QuicChannel connection) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        connection.collectPathStats(0).addListener(read -> {
            if (read.isSuccess()) {
                long udpPayload = ((QuicConnectionPathStats) read.getNow()).pmtu();
                update(QuicTuning.datagramPayload((int) udpPayload));
                result.complete(maxPayload);
            } else {
                result.completeExceptionally(read.cause());
            }
        });
        return result;
    }
}
