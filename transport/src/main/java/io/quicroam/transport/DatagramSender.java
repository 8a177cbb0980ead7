package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.internal.PlatformDependent;

import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands HTTP Datagrams to a QUIC connection from any thread. Packets from a TUN reader or an egress arrive on
 * their own thread; writing each one across to the event loop costs a task and a flush per packet. Instead they
 * queue (lock-free, bounded) and one task drains the queue with a single flush.
 */
public final class DatagramSender {
    private final QuicChannel connection;
    private final Queue<ByteBuf> queue;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final DropCounter drops;
    private final Runnable drain = this::drain;

    public DatagramSender(QuicChannel connection, int capacity, DropCounter drops) {
        this.connection = connection;
        this.queue = PlatformDependent.newFixedMpscQueue(capacity);
        this.drops = drops;
    }

    /** Queues a framed datagram; takes ownership. */
    public void send(ByteBuf datagram) {
        if (!queue.offer(datagram)) {
            datagram.release();
            drops.dropped(DropReason.QUEUE_FULL);
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            connection.eventLoop().execute(drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        for (ByteBuf datagram; (datagram = queue.poll()) != null; ) {
            if (!connection.isActive()) {
                datagram.release();
                drops.dropped(DropReason.NO_PATH);
                continue;
            }
            connection.write(datagram, connection.voidPromise());
            wrote = true;
        }
        if (wrote) {
            connection.flush();
        }
    }
}
