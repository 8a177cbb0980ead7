package io.quicroam.transport.initial;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.VarInt;
import java.nio.charset.StandardCharsets;

/**
 * A server's stateless answer to a client Initial it will not serve: one Initial packet carrying only a
 * CONNECTION_CLOSE frame of type 0x1c (RFC 9000 §19.19; allowed in Initial packets, §12.4 and §10.2.3), protected
 * with the server's Initial keys derived from the client's Destination Connection ID (RFC 9001 §5.2). The client
 * learns the error at once instead of retransmitting until its handshake times out.
 *
 * <p>CONNECTION_CLOSE is not ack-eliciting (RFC 9000 §13.2.1), so the packet is not expanded to 1200 bytes (§14.1);
 * it is padded only as far as header protection's sample needs (RFC 9001 §5.4.2). It stays far smaller than the
 * 1200-byte datagram it answers, so it amplifies nothing (RFC 9000 §8).
 */
public final class ConnectionCloseInitial {
    /** RFC 9000 §19.19: CONNECTION_CLOSE signalling a QUIC transport error. */
    private static final int CONNECTION_CLOSE_TRANSPORT = 0x1c;
    /** RFC 9000 §19.19: "a value of 0 ... is used when the frame type is unknown". */
    private static final int UNKNOWN_FRAME_TYPE = 0;
    /** RFC 9000 §17.2: a one-byte packet number (bits 0-1 of the first byte are its length minus one). */
    private static final int PACKET_NUMBER_LENGTH = 1;

    private ConnectionCloseInitial() {}

    /**
     * The datagram answering {@code client}: from the connection ID {@code serverId} (the server's choice: no
     * connection will use it), closing with the transport error {@code errorCode} (RFC 9000 §20.1) and the short
     * ASCII {@code reason}.
     */
    public static byte[] build(ClientInitial client, byte[] serverId, int errorCode, String reason) {
        byte[] payload = payload(errorCode, reason);
        ByteBuf header = Unpooled.buffer();
        header.writeByte(0xc0 | (PACKET_NUMBER_LENGTH - 1)); // long header, fixed bit, Initial (§17.2.2)
        header.writeInt(ClientInitial.VERSION_1);
        header.writeByte(client.sourceId().length);
        header.writeBytes(client.sourceId());
        header.writeByte(serverId.length);
        header.writeBytes(serverId);
        VarInt.write(header, 0); // a server's Initial carries no token (§17.2.2)
        VarInt.write(header, PACKET_NUMBER_LENGTH + payload.length + InitialProtection.TAG_LENGTH);
        header.writeByte(0); // packet number 0: the first packet of the server's Initial space
        byte[] unprotected = ByteBufUtil.getBytes(header);
        return InitialProtection.protect(InitialKeys.server(client.destinationId()), unprotected, 0, payload);
    }

    /** The CONNECTION_CLOSE frame, then PADDING frames (0x00, §19.1) until header protection can sample. */
    private static byte[] payload(int errorCode, String reason) {
        byte[] phrase = reason.getBytes(StandardCharsets.US_ASCII);
        ByteBuf frame = Unpooled.buffer();
        VarInt.write(frame, CONNECTION_CLOSE_TRANSPORT);
        VarInt.write(frame, errorCode);
        VarInt.write(frame, UNKNOWN_FRAME_TYPE);
        VarInt.write(frame, phrase.length);
        frame.writeBytes(phrase);
        int minimum =
                InitialProtection.MIN_PROTECTED_AFTER_PN_OFFSET - PACKET_NUMBER_LENGTH - InitialProtection.TAG_LENGTH;
        frame.writeZero(Math.max(0, minimum - frame.readableBytes()));
        return ByteBufUtil.getBytes(frame);
    }
}
