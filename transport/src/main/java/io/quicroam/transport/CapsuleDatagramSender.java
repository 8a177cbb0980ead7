package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.capsule.DatagramCapsule;

/**
 * Sends HTTP Datagrams as DATAGRAM capsules on the request stream (RFC 9297 §3.5), for a peer that did not enable
 * QUIC DATAGRAM frames or HTTP Datagrams in them: slow (reliable, in order, congestion-controlled with the stream) but
 * working. Unlike a QUIC datagram a capsule is never lost, so a sender faster than the stream would queue without
 * end: at most {@code maxQueuedBytes} may wait to be written; beyond that packets are dropped and counted
 * ({@link DropReason#QUEUE_FULL}), as a full datagram queue would. Over HTTP/2 {@link Http2CapsuleWriter} does
 * the same. Any thread.
 */
public final class CapsuleDatagramSender {
    private static final RateLimitedLog QUEUE_FULL = RateLimitedLog.perMinute();

    private final QuicStreamChannel stream;
    private final QueueBudget budget;

    public CapsuleDatagramSender(QuicStreamChannel stream, long maxQueuedBytes, DropCounter drops) {
        this.stream = stream;
        this.budget = new QueueBudget(maxQueuedBytes, drops, QUEUE_FULL, "the request stream (datagrams as capsules)");
    }

    /** Sends {@code payload} on context {@code contextId}; takes ownership. */
    public void send(long contextId, ByteBuf payload) {
        if (!budget.admit(payload)) {
            return;
        }
        int length = payload.readableBytes();
        ByteBuf capsule = stream.alloc().directBuffer(16 + length);
        DatagramCapsule.writeHeader(capsule, contextId, length);
        capsule.writeBytes(payload);
        payload.release();
        stream.writeAndFlush(new DefaultHttp3DataFrame(capsule))
                .addListener((ChannelFutureListener) written -> budget.written(length, 1, written.isSuccess()));
    }

    /** Bytes accepted and not yet written to the stream. */
    public long queuedBytes() {
        return budget.queued();
    }
}
