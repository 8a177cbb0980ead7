package io.quicroam.packetio;

import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Packet I/O in memory, for tests and the simulator. {@link #inject} makes a packet appear as if
 * read from a device; what quicroam {@link #write}s is queued for {@link #poll}/{@link #drain}, or
 * handed to a {@link #onWrite listener}.
 *
 * <p>Threading: the sink runs on the thread that calls {@link #inject} (or {@link #start}, for
 * packets injected before it), one call at a time, in injection order. A listener runs on the
 * thread that calls {@link #write}. Both sides are bounded: a packet that does not fit is
 * released and counted as dropped.
 */
public final class InMemoryPacketIo implements PacketIo {

    private final String name;
    private final int mtu;
    private final int capacity;
    private final PacketCounters counters = new PacketCounters();
    private final BlockingQueue<ByteBuf> written;
    private final Object readLock = new Object();
    private final ArrayDeque<ByteBuf> backlog = new ArrayDeque<>(); // guarded by readLock
    private PacketSink sink; // guarded by readLock
    private volatile PacketSink writeListener;
    private volatile boolean closed;

    /**
     * @param name the device name to report
     * @param mtu the largest packet {@link #inject} accepts
     * @param capacity how many packets each side holds: injected before {@link #start}, and
     *     written but not yet polled
     */
    public InMemoryPacketIo(String name, int mtu, int capacity) {
        if (mtu < 1 || capacity < 1) {
            throw new IllegalArgumentException("mtu and capacity must be positive: " + mtu + ", " + capacity);
        }
        this.name = name;
        this.mtu = mtu;
        this.capacity = capacity;
        this.written = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public void start(PacketSink sink) {
        synchronized (readLock) {
            if (closed || this.sink != null) {
                throw new IllegalStateException(name + " is " + (closed ? "closed" : "already started"));
            }
            this.sink = sink;
            for (ByteBuf packet; (packet = backlog.poll()) != null; ) {
                deliver(packet);
            }
        }
    }

    /**
     * Makes {@code packet} appear as read from the device. Takes ownership. Before {@link #start}
     * the packet waits in a bounded backlog.
     *
     * @return false when dropped: backlog full, or closed
     * @throws IllegalArgumentException when the packet is empty or larger than the MTU (a real
     *     device never delivers one); the buffer is released
     */
    public boolean inject(ByteBuf packet) {
        int length = packet.readableBytes();
        if (length == 0 || length > mtu) {
            packet.release();
            throw new IllegalArgumentException("a device delivers packets of 1 to " + mtu + " bytes, not " + length);
        }
        synchronized (readLock) {
            if (closed || (sink == null && backlog.size() >= capacity)) {
                packet.release();
                counters.readDropped();
                return false;
            }
            if (sink == null) {
                backlog.add(packet);
            } else {
                deliver(packet);
            }
            return true;
        }
    }

    private void deliver(ByteBuf packet) {
        counters.read(packet.readableBytes());
        sink.accept(packet);
    }

    /**
     * Hands every packet written from now on to {@code listener} (on the writing thread, taking
     * ownership) instead of queueing it.
     */
    public void onWrite(PacketSink listener) {
        this.writeListener = listener;
    }

    @Override
    public boolean write(ByteBuf packet) {
        int length = packet.readableBytes();
        PacketSink listener = writeListener;
        if (closed || (listener == null && !written.offer(packet))) {
            packet.release();
            counters.writeDropped();
            return false;
        }
        counters.written(length);
        if (listener != null) {
            listener.accept(packet);
        } else if (closed) {
            drain().forEach(ByteBuf::release); // close() raced this write: nobody will poll it now
        }
        return true;
    }

    /** The next packet written, waiting up to {@code timeout}; null if none came. Caller owns it. */
    public ByteBuf poll(Duration timeout) throws InterruptedException {
        return written.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** All packets written and not yet taken, oldest first. Caller owns them. */
    public List<ByteBuf> drain() {
        List<ByteBuf> packets = new ArrayList<>(written.size());
        written.drainTo(packets);
        return packets;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public PacketIoStats stats() {
        return counters.snapshot();
    }

    /** Releases every packet still held; later injects and writes are dropped. */
    @Override
    public void close() {
        synchronized (readLock) {
            closed = true;
            backlog.forEach(ByteBuf::release);
            backlog.clear();
        }
        drain().forEach(ByteBuf::release);
    }

    @Override
    public String toString() {
        return "in-memory " + name;
    }
}
