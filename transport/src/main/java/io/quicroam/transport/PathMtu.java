package io.quicroam.transport;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionPathStats;

import java.util.concurrent.CompletableFuture;

/**
 * Reads what a connection's path carries now. netty reports the datagram capacity once, at the handshake, when
 * quiche's DPLPMTUD (RFC 8899, RFC 9000 §14.3) has not yet probed past 1200 bytes; the path's current MTU (the UDP
 * payload quiche may send) is in its path statistics, and the DATAGRAM frame capacity follows from it.
 */
public final class PathMtu {
    private PathMtu() {
    }

    /** The largest DATAGRAM frame payload {@code connection} can send on its active path now. */
    public static CompletableFuture<Integer> datagramPayload(QuicChannel connection) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        connection.collectPathStats(0).addListener(read -> {
            if (read.isSuccess()) {
                long udpPayload = ((QuicConnectionPathStats) read.getNow()).pmtu();
                result.complete(QuicTuning.datagramPayload((int) udpPayload));
            } else {
                result.completeExceptionally(read.cause());
            }
        });
        return result;
    }
}
