package io.quicroam.simulator.traffic;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.UdpView;
import java.nio.ByteBuffer;

/**
 * The header every simulated datagram starts with, so a packet seen anywhere (at the gateway's egress, back at
 * the agent) tells which flow it belongs to, its sequence number and when it was sent. Layout, big-endian:
 * magic "QRSF" (4 bytes), flow index (2), reserved 0 (2), sequence number (8), send time in scenario
 * nanoseconds (8); then zero padding up to the flow's size. 24 bytes in all ({@code FlowSpec.MIN_SIZE}).
 */
public final class FlowPayload {
    static final int MAGIC = 0x51525346; // "QRSF"
    public static final int HEADER_BYTES = 24;

    private FlowPayload() {}

    /** What the header of one datagram says. */
    public record Stamp(int flow, long sequence, long sentNanos) {}

    /** A payload of {@code size} bytes (at least {@link #HEADER_BYTES}) carrying the stamp. */
    public static byte[] encode(Stamp stamp, int size) {
        if (size < HEADER_BYTES) {
            throw new IllegalArgumentException("a flow payload needs at least " + HEADER_BYTES + " bytes, not " + size);
        }
        if (stamp.flow() < 0 || stamp.flow() > 0xffff) {
            throw new IllegalArgumentException("flow index must fit 16 bits, got " + stamp.flow());
        }
        return ByteBuffer.allocate(size)
                .putInt(MAGIC)
                .putShort((short) stamp.flow())
                .putShort((short) 0)
                .putLong(stamp.sequence())
                .putLong(stamp.sentNanos())
                .array();
    }

    /** The stamp of a UDP datagram in IP packet {@code packet}; null when it is not one of ours. Reads only. */
    public static Stamp read(ByteBuf packet) {
        if (!UdpView.isUdp(packet)) {
            return null;
        }
        ByteBuf payload = UdpView.payload(packet);
        int at = payload.readerIndex();
        if (payload.readableBytes() < HEADER_BYTES || payload.getInt(at) != MAGIC) {
            return null;
        }
        return new Stamp(payload.getUnsignedShort(at + 4), payload.getLong(at + 8), payload.getLong(at + 16));
    }
}
