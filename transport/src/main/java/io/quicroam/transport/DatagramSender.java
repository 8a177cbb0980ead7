package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands HTTP Datagrams to a QUIC connection from any thread. Packets from a TUN reader or an egress arrive on
 * their own thread; writing each one across to the event loop costs a task and a flush per packet. Instead they
 * queue (lock-free, bounded) and one task drains the queue with a single flush. The queue grows in chunks of
 * {@value #CHUNK} slots as far as a burst needs, up to its capacity, and gives chunks back once drained: an idle
 * path holds one small chunk, not thousands of slots (a gateway has one per session). A datagram sent on the
 * connection's own event loop while nothing waits in the queue (an egress that answers on it, as the in-memory echo
 * host does) is written at once: a drain task would run only after the rest of the loop's work, and nothing queued
 * ahead of it can be overtaken. Inside QUIC's read loop quiche sends it at the end of the read, with the ACK.
 *
 * <p>A datagram QUIC cannot take — larger than the connection carries now (RFC 9221 §5: the sender must not
 * exceed the peer's max_datagram_frame_size or the path MTU), or the connection closing — fails only its own
 * write: it is counted as {@link DropReason#WRITE_FAILED} and logged at most once a minute. It never reaches the
 * pipeline's {@code exceptionCaught}, where a handler would take it for a connection error and close.
 */
public final class DatagramSender {
    private static final Logger log = LoggerFactory.getLogger(DatagramSender.class);
    private static final RateLimitedLog WRITE_FAILURES = RateLimitedLog.perMinute();
    /** Slots allocated at a time. */
    static final int CHUNK = 64;

    private final QuicChannel connection;
    private final Queue<ByteBuf> queue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final DropCounter drops;
    private final Runnable drain = this::drain;
    private final ChannelFutureListener writeDone = this::writeDone;

    /** @param capacity the most datagrams queued at once; more are dropped as {@link DropReason#QUEUE_FULL} */
    public DatagramSender(QuicChannel connection, int capacity, DropCounter drops) {
        this.connection = connection;
        this.queue = capacity > CHUNK
                ? PlatformDependent.newMpscQueue(CHUNK, capacity)
                : PlatformDependent.newFixedMpscQueue(capacity);
        this.drops = drops;
    }

    /** Queues a framed datagram; takes ownership. */
    public void send(ByteBuf datagram) {
        if (connection.eventLoop().inEventLoop() && queue.isEmpty()) {
            HopProbe.mark("datagram written on the event loop");
            if (write(datagram)) {
                connection.flush();
            }
            return;
        }
        if (!queue.offer(datagram)) {
            datagram.release();
            drops.dropped(DropReason.QUEUE_FULL);
            return;
        }
        HopProbe.mark("datagram queued");
        if (drainScheduled.compareAndSet(false, true)) {
            connection.eventLoop().execute(drain);
        }
    }

    private void drain() {
        HopProbe.mark("drain on event loop");
        drainScheduled.set(false);
        boolean wrote = false;
        for (ByteBuf datagram; (datagram = queue.poll()) != null; ) {
            wrote |= write(datagram);
        }
        if (wrote) {
            connection.flush();
            HopProbe.mark("written and flushed");
        }
    }

    /** Writes without flushing; false when the connection is gone (released, counted). */
    private boolean write(ByteBuf datagram) {
        if (!connection.isActive()) {
            datagram.release();
            drops.dropped(DropReason.NO_PATH);
            return false;
        }
        // A promise of its own, not the void promise: a failed write must not fire exceptionCaught.
        connection.write(datagram).addListener(writeDone);
        return true;
    }

    private void writeDone(ChannelFuture write) {
        if (write.isSuccess()) {
            return;
        }
        drops.dropped(DropReason.WRITE_FAILED);
        long suppressed = WRITE_FAILURES.tryLog();
        if (suppressed >= 0) {
            log.warn(
                    "QUIC refused a datagram ({}); counted under drops{reason=write-failed}, {} more since the "
                            + "last such line",
                    write.cause().getClass().getSimpleName(),
                    suppressed);
        }
    }
}
