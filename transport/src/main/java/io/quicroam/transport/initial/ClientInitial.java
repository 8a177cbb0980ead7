package io.quicroam.transport.initial;

import io.netty.buffer.ByteBuf;

/**
 * What a server needs from a client's QUIC version 1 Initial packet to answer it without a connection: its
 * connection IDs (RFC 9000 §17.2.2) and the size of the datagram that carried it (the answer must be smaller, §8).
 *
 * @param destinationId  the Destination Connection ID the client chose (or a Retry gave it): the Initial keys' input
 * @param sourceId       the client's Source Connection ID: the answer's Destination Connection ID
 * @param datagramLength the UDP payload that carried the packet
 */
public record ClientInitial(byte[] destinationId, byte[] sourceId, int datagramLength) {
    /** QUIC version 1 (RFC 9000 §15). */
    public static final int VERSION_1 = 0x00000001;
    /** RFC 9000 §17.2: version 1 connection IDs are at most 20 bytes. */
    private static final int MAX_CONNECTION_ID = 20;

    /**
     * The Initial at the start of {@code datagram} (not consumed), or null for anything else: a short header, another
     * long-header type, another version, or a header cut short.
     */
    public static ClientInitial parse(ByteBuf datagram) {
        // Long header form and fixed bit set, long packet type 0 = Initial (RFC 9000 §17.2, §17.2.2). Checked before
        // anything is allocated: every datagram the gateway receives passes here, nearly all of them short headers.
        if (datagram.readableBytes() < 7 || (datagram.getUnsignedByte(datagram.readerIndex()) & 0xf0) != 0xc0) {
            return null;
        }
        ByteBuf in = datagram.duplicate();
        in.skipBytes(1);
        if (in.readInt() != VERSION_1) {
            return null;
        }
        byte[] destination = connectionId(in);
        byte[] source = destination == null ? null : connectionId(in);
        if (source == null) {
            return null;
        }
        return new ClientInitial(destination, source, datagram.readableBytes());
    }

    private static byte[] connectionId(ByteBuf in) {
        if (!in.isReadable()) {
            return null;
        }
        int length = in.readUnsignedByte();
        if (length > MAX_CONNECTION_ID || in.readableBytes() < length) {
            return null;
        }
        byte[] id = new byte[length];
        in.readBytes(id);
        return id;
    }
}
