package io.quicroam.packetio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.quicroam.linux.LinuxException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PacketIo} over a {@link TunDevice}.
 *
 * <p>Threading: a dedicated reader thread ({@code tun-reader-NAME}) reads each packet into a
 * pooled direct buffer of MTU size and calls the sink, one packet at a time. {@link #write}
 * writes on the caller's thread; any number of threads may write at once.
 */
public final class TunPacketIo implements PacketIo {

    private static final Logger log = LoggerFactory.getLogger(TunPacketIo.class);
    private static final Duration READER_STOP_TIMEOUT = Duration.ofSeconds(10);

    private final TunDevice device;
    private final int mtu;
    private final ByteBufAllocator allocator;
    private final PacketCounters counters = new PacketCounters();
    private final Object lifecycle = new Object();
    private Thread reader; // guarded by lifecycle
    private boolean closed; // guarded by lifecycle

    /**
     * @param device the device; this object closes it
     * @param mtu the device's MTU (see {@link TunConfigurator}): the read buffer size
     */
    public TunPacketIo(TunDevice device, int mtu) {
        this(device, mtu, PooledByteBufAllocator.DEFAULT);
    }

    /** As {@link #TunPacketIo(TunDevice, int)}, with read buffers from {@code allocator}. */
    public TunPacketIo(TunDevice device, int mtu, ByteBufAllocator allocator) {
        if (mtu < DeviceSettings.MIN_MTU || mtu > DeviceSettings.MAX_MTU) {
            throw new IllegalArgumentException("mtu out of range: " + mtu);
        }
        this.device = device;
        this.mtu = mtu;
        this.allocator = allocator;
    }

    @Override
    public void start(PacketSink sink) {
        synchronized (lifecycle) {
            if (closed || reader != null) {
                throw new IllegalStateException(this + " is " + (closed ? "closed" : "already started"));
            }
            reader = new Thread(() -> readLoop(sink), "tun-reader-" + device.name());
            reader.setDaemon(true);
            reader.start();
        }
    }

    private void readLoop(PacketSink sink) {
        while (true) {
            ByteBuf packet = allocator.directBuffer(HEADROOM + mtu, HEADROOM + mtu);
            packet.writerIndex(HEADROOM).readerIndex(HEADROOM);
            int length;
            try {
                length = device.read(packet);
            } catch (LinuxException e) {
                packet.release();
                log.warn("reading {} failed, reader stops: {}", device.name(), e.getMessage());
                sink.failed(e);
                return;
            }
            if (length < 0) {
                packet.release();
                return; // closed
            }
            if (length == mtu && isTruncated(packet)) {
                packet.release();
                counters.readDropped();
                log.debug("{}: dropped a packet longer than the MTU {}", device.name(), mtu);
                continue;
            }
            counters.read(length);
            try {
                sink.accept(packet);
            } catch (RuntimeException e) {
                log.warn("the packet sink of {} failed; reading goes on", device.name(), e);
            }
        }
    }

    /**
     * Whether the kernel cut the packet to fit the buffer: its IP header claims more bytes than we
     * got (IPv4 total length, RFC 791 §3.1; IPv6 payload length + 40, RFC 8200 §3). This happens
     * only when the link's MTU was raised behind our back.
     */
    private static boolean isTruncated(ByteBuf packet) {
        int length = packet.readableBytes();
        int version = (packet.getUnsignedByte(packet.readerIndex()) >> 4);
        if (version == 4 && length >= 20) {
            return packet.getUnsignedShort(packet.readerIndex() + 2) > length;
        }
        if (version == 6 && length >= 40) {
            return packet.getUnsignedShort(packet.readerIndex() + 4) + 40 > length;
        }
        return false;
    }

    @Override
    public boolean write(ByteBuf packet) {
        int length = packet.readableBytes();
        try {
            device.write(packet);
            counters.written(length);
            return true;
        } catch (LinuxException e) {
            counters.writeDropped();
            log.debug("{}: packet of {} bytes dropped: {}", device.name(), length, e.getMessage());
            return false;
        } finally {
            packet.release();
        }
    }

    @Override
    public int mtu() {
        return mtu;
    }

    @Override
    public String name() {
        return device.name();
    }

    @Override
    public PacketIoStats stats() {
        return counters.snapshot();
    }

    /** Stops the reader thread and closes (deletes) the device. */
    @Override
    public void close() {
        Thread toJoin;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            toJoin = reader;
        }
        try {
            device.close();
        } catch (LinuxException e) {
            log.warn("closing {} failed: {}", device.name(), e.getMessage());
        }
        if (toJoin != null && toJoin != Thread.currentThread()) {
            try {
                toJoin.join(READER_STOP_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (toJoin.isAlive()) {
                log.warn("the reader of {} is still in its sink after {}", device.name(), READER_STOP_TIMEOUT);
            }
        }
    }

    @Override
    public String toString() {
        return "packet I/O over " + device;
    }
}
