package io.quicroam.masque.capsule;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.VarInt;
import java.util.Arrays;

/**
 * DATAGRAM (type 0x00, RFC 9297 §3.5): an HTTP Datagram payload carried on the request stream instead of in a QUIC
 * DATAGRAM frame, for a peer or an intermediary without QUIC datagrams. For CONNECT-IP the payload starts with the
 * Context ID (RFC 9484 §6), exactly like the datagram it replaces minus the Quarter Stream ID, which the stream
 * implies.
 *
 * <pre>
 * DATAGRAM Capsule {
 *   Capsule Type (i) = 0x00,
 *   Capsule Length (i),
 *   HTTP Datagram Payload (..),
 * }
 * </pre>
 */
public record DatagramCapsule(byte[] payload) implements Capsule {
    public static final long TYPE = 0x00;

    public DatagramCapsule {
        payload = payload.clone();
    }

    /**
     * Writes the capsule's Type and Length and the payload's Context ID: the packet path appends the rest of the
     * payload itself, without a copy into a capsule value first.
     */
    public static void writeHeader(ByteBuf out, long contextId, int restLength) {
        VarInt.write(out, TYPE);
        VarInt.write(out, VarInt.length(contextId) + restLength);
        VarInt.write(out, contextId);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public long type() {
        return TYPE;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatagramCapsule that && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "DatagramCapsule[" + payload.length + " bytes]";
    }
}
