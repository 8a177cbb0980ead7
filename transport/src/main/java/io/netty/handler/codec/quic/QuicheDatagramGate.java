package io.netty.handler.codec.quic;

import io.netty.buffer.ByteBuf;
import java.lang.reflect.Field;
import org.slf4j.LoggerFactory;

/**
 * Hands a DATAGRAM frame to quiche and says whether quiche took it: quicroam's one reach into netty's QUIC
 * internals, kept in this class (netty's package, for its package-private quiche binding).
 *
 * <p>Why: {@code QuicheQuicChannel.doWrite} (netty 4.2.18) offers each written datagram to quiche
 * ({@code quiche_conn_dgram_send}); when quiche's send queue is full (DATAGRAM frames are congestion controlled,
 * not flow controlled, RFC 9221 §5) it sends what the congestion window allows and tries once more, and if the
 * queue is still full it discards every datagram still waiting and completes their writes as <em>successful</em>.
 * A tunnel under overload then lost packets no counter saw. netty exposes neither the queue's length nor a failed
 * write, so this gate makes the call itself and reports quiche's answer.
 *
 * <p>Only on the connection's event loop. {@link #of} answers null for a channel that is not netty's quiche
 * channel (a stub in tests) or when a netty upgrade removed what this needs: the caller then writes through the
 * channel as before.
 */
public final class QuicheDatagramGate {
    /** What quiche did with one datagram. */
    public enum Outcome {
        /** Queued for the next QUIC packets. */
        TAKEN,
        /** quiche's send queue stayed full after the congestion window let out what it could: not sent. */
        QUEUE_FULL,
        /** Larger than a DATAGRAM frame may be now, or the peer takes none: not sent. */
        REFUSED,
        /** The connection is gone: not sent. */
        CLOSED
    }

    private static final Field CONNECTION = connectionField();
    /** Not one of quiche's error codes: the connection is freed. */
    private static final int CLOSED = Integer.MIN_VALUE;

    private final QuicheQuicChannel channel;

    private QuicheDatagramGate(QuicheQuicChannel channel) {
        this.channel = channel;
    }

    /** A gate for {@code connection}, or null where it cannot be had (see the class comment). */
    public static QuicheDatagramGate of(QuicChannel connection) {
        return CONNECTION != null && connection instanceof QuicheQuicChannel quiche
                ? new QuicheDatagramGate(quiche)
                : null;
    }

    /**
     * Offers {@code datagram} (a whole HTTP Datagram, read from its reader index; not released) to quiche. When the
     * queue is full, first lets QUIC send what its congestion window allows and tries again, as netty does.
     */
    public Outcome offer(ByteBuf datagram) {
        int result = send(datagram);
        if (result == Quiche.QUICHE_ERR_DONE) {
            channel.writable(); // quiche_conn_send as far as the window allows, and flush: room in the queue
            result = send(datagram);
        }
        if (result >= 0) {
            return Outcome.TAKEN;
        }
        if (result == Quiche.QUICHE_ERR_DONE) {
            return Outcome.QUEUE_FULL;
        }
        return result == CLOSED ? Outcome.CLOSED : Outcome.REFUSED;
    }

    /** Lets quiche packetize what was offered and flushes the socket (deferred to netty inside its read loop). */
    public void flush() {
        channel.connectionSendAndFlush();
    }

    private int send(ByteBuf datagram) {
        QuicheQuicConnection connection;
        try {
            connection = (QuicheQuicConnection) CONNECTION.get(channel);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e); // setAccessible succeeded when the class loaded
        }
        if (connection == null || connection.isFreed()) {
            return CLOSED;
        }
        if (datagram.isDirect() && datagram.nioBufferCount() == 1) {
            return Quiche.quiche_conn_dgram_send(
                    connection.address(), Quiche.readerMemoryAddress(datagram), datagram.readableBytes());
        }
        ByteBuf direct = channel.alloc().directBuffer(datagram.readableBytes());
        try {
            direct.writeBytes(datagram, datagram.readerIndex(), datagram.readableBytes());
            return Quiche.quiche_conn_dgram_send(
                    connection.address(), Quiche.readerMemoryAddress(direct), direct.readableBytes());
        } finally {
            direct.release();
        }
    }

    private static Field connectionField() {
        try {
            Field field = QuicheQuicChannel.class.getDeclaredField("connection");
            field.setAccessible(true);
            if (field.getType() == QuicheQuicConnection.class) {
                return field;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // below
        }
        LoggerFactory.getLogger(QuicheDatagramGate.class)
                .warn("this netty's QUIC channel has no quiche connection field: datagrams quiche's full queue "
                        + "refuses are discarded by netty uncounted (drops{reason=quic-queue-full} stays 0)");
        return null;
    }
}
