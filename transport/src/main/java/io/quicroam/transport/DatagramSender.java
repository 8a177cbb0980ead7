package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicheDatagramGate;
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
 *
 * <p>Datagrams go to quiche through a {@link QuicheDatagramGate}, which says whether quiche took each one: a write
 * through the channel would have netty discard what quiche's full send queue cannot take and report success. One
 * quiche refused because its queue stayed full (the congestion window lets out less than arrives) is counted as
 * {@link DropReason#QUIC_QUEUE_FULL}, with a line at most once a minute. Where there is no gate (a stub channel in
 * tests) datagrams are written through the channel.
 */
public final class DatagramSender {
    private static final Logger log = LoggerFactory.getLogger(DatagramSender.class);
    private static final RateLimitedLog WRITE_FAILURES = RateLimitedLog.perMinute();
    private static final RateLimitedLog QUIC_QUEUE_FULL = RateLimitedLog.perMinute();
    /** Slots allocated at a time. */
    static final int CHUNK = 64;

    private final QuicChannel connection;
    private final QuicheDatagramGate gate;
    private final Queue<ByteBuf> queue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final DropCounter drops;
    private final Runnable drain = this::drain;
    private final ChannelFutureListener writeDone = this::writeDone;
    /**
     * quiche's queue stayed full in this batch: the rest of the batch is dropped without asking again, as netty does
     * (each ask sends what the window allows first, which costs a full send attempt per datagram). Event loop only.
     */
    private boolean quicFull;

    /** @param capacity the most datagrams queued at once; more are dropped as {@link DropReason#QUEUE_FULL} */
    public DatagramSender(QuicChannel connection, int capacity, DropCounter drops) {
        this.connection = connection;
        this.gate = QuicheDatagramGate.of(connection);
        this.queue = capacity > CHUNK
                ? PlatformDependent.newMpscQueue(CHUNK, capacity)
                : PlatformDependent.newFixedMpscQueue(capacity);
        this.drops = drops;
    }

    /** Queues a framed datagram; takes ownership. */
    public void send(ByteBuf datagram) {
        if (connection.eventLoop().inEventLoop() && queue.isEmpty()) {
            HopProbe.mark("datagram written on the event loop");
            quicFull = false;
            if (write(datagram)) {
                flush();
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
        quicFull = false;
        boolean wrote = false;
        for (ByteBuf datagram; (datagram = queue.poll()) != null; ) {
            wrote |= write(datagram);
        }
        if (wrote) {
            flush();
            HopProbe.mark("written and flushed");
        }
    }

    /** Writes without flushing; false when QUIC did not take it (released, counted). */
    private boolean write(ByteBuf datagram) {
        if (!connection.isActive()) {
            datagram.release();
            drops.dropped(DropReason.NO_PATH);
            return false;
        }
        if (gate == null) {
            // A promise of its own, not the void promise: a failed write must not fire exceptionCaught.
            connection.write(datagram).addListener(writeDone);
            return true;
        }
        QuicheDatagramGate.Outcome outcome = quicFull ? QuicheDatagramGate.Outcome.QUEUE_FULL : gate.offer(datagram);
        datagram.release(); // quiche copied it, or will never have it
        switch (outcome) {
            case TAKEN -> {
                return true;
            }
            case QUEUE_FULL -> {
                quicFull = true;
                quicQueueFull();
            }
            case REFUSED -> writeFailed("refused");
            case CLOSED -> drops.dropped(DropReason.NO_PATH);
        }
        return false;
    }

    private void flush() {
        if (gate == null) {
            connection.flush();
        } else {
            gate.flush();
        }
    }

    private void quicQueueFull() {
        drops.dropped(DropReason.QUIC_QUEUE_FULL);
        long suppressed = QUIC_QUEUE_FULL.tryLog();
        if (suppressed >= 0) {
            log.info(
                    "QUIC's datagram queue is full (more arrives than the congestion window lets out); counted "
                            + "under drops{reason=quic-queue-full}, {} more since the last such line",
                    suppressed);
        }
    }

    private void writeDone(ChannelFuture write) {
        if (!write.isSuccess()) {
            writeFailed(write.cause().getClass().getSimpleName());
        }
    }

    private void writeFailed(String why) {
        drops.dropped(DropReason.WRITE_FAILED);
        long suppressed = WRITE_FAILURES.tryLog();
        if (suppressed >= 0) {
            log.warn(
                    "QUIC refused a datagram ({}); counted under drops{reason=write-failed}, {} more since the "
                            + "last such line",
                    why,
                    suppressed);
        }
    }
}
