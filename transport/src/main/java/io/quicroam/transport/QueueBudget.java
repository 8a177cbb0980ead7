package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many packet bytes a reliable stream may hold waiting for its socket: capsules are never lost, so a sender
 * faster than the stream would queue without end. Beyond the budget a packet is dropped, released and counted
 * ({@link DropReason#QUEUE_FULL}, a rate-limited WARN), as a full datagram queue would drop it; a write the stream
 * refuses is counted {@link DropReason#WRITE_FAILED} per packet. Any thread.
 */
final class QueueBudget {
    private static final Logger log = LoggerFactory.getLogger(QueueBudget.class);

    private final long maxBytes;
    private final DropCounter drops;
    private final RateLimitedLog fullLog;
    private final String stream;
    private final AtomicLong queued = new AtomicLong();

    /**
     * @param fullLog the caller's limiter for the queue-full line
     * @param stream  names the stream in that line ("the request stream", "the HTTP/2 stream")
     */
    QueueBudget(long maxBytes, DropCounter drops, RateLimitedLog fullLog, String stream) {
        this.maxBytes = maxBytes;
        this.drops = drops;
        this.fullLog = fullLog;
        this.stream = stream;
    }

    /** Takes {@code payload}'s bytes from the budget, or drops, releases and counts it: false. */
    boolean admit(ByteBuf payload) {
        int length = payload.readableBytes();
        if (queued.addAndGet(length) <= maxBytes) {
            return true;
        }
        queued.addAndGet(-length);
        payload.release();
        drops.dropped(DropReason.QUEUE_FULL);
        long suppressed = fullLog.tryLog();
        if (suppressed >= 0) {
            log.warn(
                    "{} cannot keep up with the packets; counted under drops{reason=queue-full}, {} more since the "
                            + "last such line",
                    stream,
                    suppressed);
        }
        return false;
    }

    /** {@code bytes} of {@code packets} left the queue: written, or refused by the stream (counted). */
    void written(long bytes, int packets, boolean success) {
        queued.addAndGet(-bytes);
        if (!success) {
            for (int i = 0; i < packets; i++) {
                drops.dropped(DropReason.WRITE_FAILED);
            }
        }
    }

    /** Bytes admitted and not yet written. */
    long queued() {
        return queued.get();
    }
}
