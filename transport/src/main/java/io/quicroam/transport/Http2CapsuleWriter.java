package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.util.internal.PlatformDependent;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.DatagramCapsule;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the capsules of one CONNECT-IP request stream over HTTP/2, agent's and gateway's alike: IP packets as
 * DATAGRAM capsules (RFC 9297 §3.5; HTTP/2 has no unreliable datagrams) and the tunnel's other capsules, from any
 * thread, in the order they were given.
 *
 * <p>They queue, and one task on the stream's event loop packs the whole queue into DATA frames of up to
 * {@value #FRAME_BYTES} bytes with a single flush: one TLS record and one socket write for a dozen full-size
 * packets. Written one by one (a task, a DATA frame, a TLS record, a flush and a {@code write(2)} per packet) the
 * path spent so long per packet that a loaded CPU held it to a few Mbit/s whatever the packet size.
 *
 * <p>TCP in TCP: packet bytes accepted and not yet written into the socket are bounded; beyond the bound a packet
 * is dropped and counted ({@link DropReason#QUEUE_FULL}, a rate-limited log line), so a tunnelled TCP sees loss
 * instead of seconds of queueing. The tunnel's own capsules are few and small and never dropped.
 */
public final class Http2CapsuleWriter {
    /**
     * The most capsule bytes in one DATA frame: with its 9-byte header (RFC 9113 §4.1) the frame fills one TLS
     * record (at most 2^14 bytes, RFC 8446 §5.1) instead of spilling a few bytes into a second; below
     * SETTINGS_MAX_FRAME_SIZE's initial value, which every peer takes (RFC 9113 §4.2).
     */
    static final int FRAME_BYTES = 16_384 - 9;

    private static final RateLimitedLog QUEUE_FULL = RateLimitedLog.perMinute();

    private final Channel stream;
    private final QueueBudget budget;
    private final Queue<Pending> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drain = this::drain;
    /** The capsules of the DATA frame being packed; the event loop's only. */
    private final List<Pending> batch = new ArrayList<>();

    /**
     * @param stream         the request stream (an {@code Http2StreamChannel})
     * @param maxQueuedBytes packet bytes that may wait for the socket at most
     */
    public Http2CapsuleWriter(Channel stream, long maxQueuedBytes, DropCounter drops) {
        this.stream = stream;
        this.budget = new QueueBudget(maxQueuedBytes, drops, QUEUE_FULL, "the HTTP/2 stream");
    }

    /** Sends {@code payload} as a DATAGRAM capsule on context {@code contextId}; takes ownership. */
    public void send(long contextId, ByteBuf payload) {
        int length = payload.readableBytes();
        if (budget.admit(payload)) {
            enqueue(new Pending(contextId, payload, length));
        }
    }

    /** Sends the tunnel's own capsules (addresses, routes, PATH_STATUS): after every packet already given. */
    public void sendCapsules(Capsule... capsules) {
        enqueue(new Pending(-1, CapsuleFrames.encode(stream.alloc(), capsules), 0));
    }

    /** Packet bytes accepted and not yet written into the socket. */
    public long queuedBytes() {
        return budget.queued();
    }

    private void enqueue(Pending pending) {
        queue.offer(pending);
        if (drainScheduled.compareAndSet(false, true)) {
            stream.eventLoop().execute(drain);
        }
    }

    private void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        for (Pending first; (first = queue.poll()) != null; ) {
            batch.add(first);
            int bytes = first.wireSize();
            for (Pending next; (next = queue.peek()) != null && bytes + next.wireSize() <= FRAME_BYTES; ) {
                batch.add(queue.poll());
                bytes += next.wireSize();
            }
            ByteBuf frame = stream.alloc().directBuffer(bytes);
            long counted = 0;
            int packets = 0;
            for (Pending pending : batch) {
                pending.writeTo(frame);
                counted += pending.counted();
                packets += pending.counted() > 0 ? 1 : 0;
            }
            batch.clear();
            write(frame, counted, packets);
            wrote = true;
        }
        if (wrote) {
            stream.flush();
        }
    }

    private void write(ByteBuf frame, long counted, int packets) {
        // A promise of its own: a write the closed stream refuses is counted, it never reaches exceptionCaught.
        stream.write(new DefaultHttp2DataFrame(frame))
                .addListener(written -> done((ChannelFuture) written, counted, packets));
    }

    private void done(ChannelFuture written, long counted, int packets) {
        budget.written(counted, packets, written.isSuccess());
    }

    /**
     * A packet ({@code contextId} ≥ 0) or encoded capsules ({@code contextId} -1) waiting for the drain.
     *
     * @param counted the bytes it holds of the queue's budget
     */
    private record Pending(long contextId, ByteBuf bytes, int counted) {
        int wireSize() {
            if (contextId < 0) {
                return bytes.readableBytes();
            }
            // RFC 9297 §3.5: Type (0x00), Length, then the HTTP Datagram: Context ID and the packet.
            long length = VarInt.length(contextId) + (long) bytes.readableBytes();
            return 1 + VarInt.length(length) + (int) length;
        }

        void writeTo(ByteBuf frame) {
            if (contextId >= 0) {
                DatagramCapsule.writeHeader(frame, contextId, bytes.readableBytes());
            }
            frame.writeBytes(bytes);
            bytes.release();
        }
    }
}
