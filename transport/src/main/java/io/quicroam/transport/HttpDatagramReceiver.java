package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits on a {@link QuicChannel}'s pipeline behind the HTTP/3 connection handler and routes each received
 * HTTP Datagram (RFC 9297 §2.1) to the request stream it belongs to, by quarter stream ID.
 * Runs on the connection's event loop; streams register from the same loop.
 */
public final class HttpDatagramReceiver extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(HttpDatagramReceiver.class);

    /** Receives the datagrams of one request stream. Takes ownership of {@code payload}. */
    @FunctionalInterface
    public interface Listener {
        void onDatagram(long contextId, ByteBuf payload);
    }

    private final LongObjectMap<Listener> streams = new LongObjectHashMap<>(4);
    private final DropCounter drops;

    public HttpDatagramReceiver(DropCounter drops) {
        this.drops = drops;
    }

    public void register(long quarterStreamId, Listener listener) {
        streams.put(quarterStreamId, listener);
    }

    public void unregister(long quarterStreamId) {
        streams.remove(quarterStreamId);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf datagram)) {
            ctx.fireChannelRead(msg);
            return;
        }
        HopProbe.mark("datagram read from QUIC");
        long quarterStreamId = HttpDatagram.readQuarterStreamId(datagram);
        if (quarterStreamId < 0 || HttpDatagram.quarterStreamIdOutOfRange(quarterStreamId)) {
            // RFC 9297 §2.1: a datagram whose quarter stream ID cannot be parsed or exceeds the largest
            // client-initiated bidirectional stream is a connection error of type H3_DATAGRAM_ERROR.
            datagram.release();
            drops.dropped(DropReason.MALFORMED_DATAGRAM);
            log.warn("malformed HTTP Datagram (quarter stream ID); closing connection with H3_DATAGRAM_ERROR");
            closeWith((QuicChannel) ctx.channel(), H3Error.H3_DATAGRAM_ERROR, "malformed quarter stream ID");
            return;
        }
        Listener listener = streams.get(quarterStreamId);
        if (listener == null) {
            // RFC 9297 §2.1: datagrams for a stream we do not know may be dropped.
            datagram.release();
            drops.dropped(DropReason.UNKNOWN_STREAM);
            return;
        }
        long contextId = HttpDatagram.readContextId(datagram);
        if (contextId < 0) {
            datagram.release();
            drops.dropped(DropReason.MALFORMED_DATAGRAM);
            return;
        }
        listener.onDatagram(contextId, datagram);
    }

    /** Closes the QUIC connection with an HTTP/3 application error code (RFC 9114 §8). */
    public static void closeWith(QuicChannel channel, H3Error error, String reason) {
        channel.close(
                true,
                (int) error.code(),
                channel.alloc().buffer().writeBytes(reason.getBytes(StandardCharsets.US_ASCII)));
    }
}
