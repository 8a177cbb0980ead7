package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.capsule.DatagramCapsule;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends HTTP Datagrams as DATAGRAM capsules on the request stream (RFC 9297 §3.5), for a peer that did not enable
 * QUIC DATAGRAM frames or HTTP Datagrams in them: slow (reliable, in order, congestion-controlled with the stream) but
 * working. Unlike a QUIC datagram a capsule is never lost, so a sender faster than the stream would queue without
 * end: at most {@code maxQueuedBytes} may wait to be written; beyond that packets are dropped and counted
 * ({@link DropReason#QUEUE_FULL}), as a full datagram queue would. Over HTTP/2 {@link Http2CapsuleWriter} does
 * the same. Any thread.
 */
public final class CapsuleDatagramSender {
    private static final Logger log = LoggerFactory.getLogger(CapsuleDatagramSender.class);
    private static final RateLimitedLog QUEUE_FULL = RateLimitedLog.perMinute();

    private final QuicStreamChannel stream;
    private final long maxQueuedBytes;
    private final DropCounter drops;
    private final AtomicLong queuedBytes = new AtomicLong();

    public CapsuleDatagramSender(QuicStreamChannel stream, long maxQueuedBytes, DropCounter drops) {
        this.stream = stream;
        this.maxQueuedBytes = maxQueuedBytes;
        this.drops = drops;
    }

    /** Sends {@code payload} on context {@code contextId}; takes ownership. */
    public void send(long contextId, ByteBuf payload) {
        int length = payload.readableBytes();
        if (queuedBytes.addAndGet(length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-length);
            payload.release();
            drops.dropped(DropReason.QUEUE_FULL);
            long suppressed = QUEUE_FULL.tryLog();
            if (suppressed >= 0) {
                log.warn(
                        "the request stream cannot keep up with the datagrams sent as capsules; counted under "
                                + "drops{reason=queue-full}, {} more since the last such line",
                        suppressed);
            }
            return;
        }
        ByteBuf capsule = stream.alloc().directBuffer(16 + length);
        DatagramCapsule.writeHeader(capsule, contextId, length);
        capsule.writeBytes(payload);
        payload.release();
        stream.writeAndFlush(new DefaultHttp3DataFrame(capsule))
                .addListener((ChannelFutureListener) written -> done(written, length));
    }

    /** Bytes accepted and not yet written to the stream. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    private void done(ChannelFuture written, int length) {
        queuedBytes.addAndGet(-length);
        if (!written.isSuccess()) {
            drops.dropped(DropReason.WRITE_FAILED);
        }
    }
}
