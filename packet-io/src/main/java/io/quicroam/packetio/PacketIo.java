package io.quicroam.packetio;

import io.netty.buffer.ByteBuf;

/**
 * Where IP packets enter and leave quicroam: the agent's TUN device, the gateway's egress, or an
 * in-memory pair for tests and the simulator.
 *
 * <p>Packets are pooled {@link ByteBuf}s whose ownership moves with them: {@link #write} takes
 * the buffer (and releases it, written or dropped); the {@link PacketSink} receives buffers it
 * must release. Nothing is copied or allocated per packet beyond that buffer.
 *
 * <p>{@link #write} may be called from any thread, concurrently. Which thread calls the sink is
 * each implementation's to document; it is one thread at a time, in read order.
 */
public interface PacketIo extends AutoCloseable {

    /**
     * Bytes free in front of each packet a reader delivers (and that senders leave when they build packets), so a
     * tunnel header is written in place instead of copying the packet.
     */
    int HEADROOM = 16;

    /**
     * Starts delivering the packets read to {@code sink}. Called once.
     *
     * @throws IllegalStateException when already started or closed
     */
    void start(PacketSink sink);

    /**
     * Sends one IP packet (reader index to writer index) out through the device. Takes ownership
     * of {@code packet} whatever the outcome.
     *
     * @return true when written; false when dropped (counted in {@link PacketIoStats#writeDrops()})
     */
    boolean write(ByteBuf packet);

    /** The largest IP packet the device carries, in bytes. */
    int mtu();

    /** The device's name, e.g. {@code qr0}. */
    String name();

    /** A snapshot of the counters. */
    PacketIoStats stats();

    /** Stops reading and writing and releases what is held. Idempotent. */
    @Override
    void close();
}
