package io.quicroam.interop.kwik;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.HttpDatagram;

/**
 * HTTP Datagrams (RFC 9297 §2.1) as Kwik's QUIC DATAGRAM frames carry them: byte arrays. Flupke 0.9.4 has no HTTP
 * Datagram support (neither SETTINGS_H3_DATAGRAM nor the Quarter Stream ID framing), so both the proxy and the client
 * frame them here, with quicroam's {@code masque} rules.
 */
final class H3Datagrams {
    /** SETTINGS_H3_DATAGRAM (RFC 9297 §5.1): both ends send 1 before datagrams may flow (§2.1.1). */
    static final long SETTINGS_H3_DATAGRAM = 0x33;
    /** SETTINGS_ENABLE_CONNECT_PROTOCOL (RFC 8441 §3, RFC 9220 §3): extended CONNECT. */
    static final long SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x08;

    private H3Datagrams() {}

    /** One IP packet (context ID 0, RFC 9484 §6) on the request stream {@code streamId}. */
    static byte[] ipPacket(long streamId, ByteBuf packet) {
        long quarter = HttpDatagram.quarterStreamId(streamId);
        ByteBuf out = Unpooled.buffer(HttpDatagram.headerLength(quarter, 0) + packet.readableBytes());
        HttpDatagram.writeHeader(out, quarter, HttpDatagram.IP_PACKET_CONTEXT_ID);
        out.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
        return out.array();
    }

    /** A received datagram: where it goes and what it carries, or why not. */
    record Received(long quarterStreamId, long contextId, ByteBuf payload) {
        /** RFC 9297 §2.1: an unreadable or out-of-range Quarter Stream ID is a connection error. */
        boolean badQuarterStreamId() {
            return HttpDatagram.quarterStreamIdOutOfRange(quarterStreamId);
        }

        /** RFC 9484 §6: a payload too short for its Context ID is malformed. */
        boolean truncated() {
            return contextId < 0;
        }
    }

    static Received parse(byte[] datagram) {
        ByteBuf in = Unpooled.wrappedBuffer(datagram);
        long quarter = HttpDatagram.readQuarterStreamId(in);
        long context = quarter < 0 ? -1 : HttpDatagram.readContextId(in);
        return new Received(quarter, context, in);
    }
}
