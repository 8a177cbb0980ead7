package io.quicroam.masque;

import io.netty.buffer.ByteBuf;

/**
 * The header of an HTTP/3 Datagram carrying CONNECT-IP payloads: the QUIC DATAGRAM frame payload is
 * {@code Quarter Stream ID (i), Context ID (i), Payload (..)} (RFC 9297 §2.1, RFC 9484 §6).
 *
 * <p>Rules the caller applies with these helpers:
 * <ul>
 *   <li>A DATAGRAM frame too short to hold the Quarter Stream ID ({@link #readQuarterStreamId} returns
 *       -1), or a Quarter Stream ID above 2^60-1 ({@link #quarterStreamIdOutOfRange}), is an HTTP/3
 *       <em>connection</em> error {@link H3Error#H3_DATAGRAM_ERROR} (RFC 9297 §2.1).</li>
 *   <li>A datagram for a stream whose receive side is closed is dropped silently; one for a stream not
 *       yet created is dropped or buffered for about a round trip (RFC 9297 §2.1). A datagram on a
 *       request without datagram semantics aborts that stream with H3_DATAGRAM_ERROR (RFC 9297 §2).</li>
 *   <li>A payload too short to hold the Context ID ({@link #readContextId} returns -1) is a malformed
 *       datagram: drop it (RFC 9484 §6 defines no error for it; H3_DATAGRAM_ERROR is the registered
 *       "datagram parse error", RFC 9297 §5.2, should the caller prefer to abort).</li>
 *   <li>Context ID 0 carries a full IP packet (RFC 9484 §6). Non-zero context IDs are allocated by the
 *       client when even and by the proxy when odd, never reused within a request (RFC 9484 §5).
 *       A datagram with an unknown (unregistered) context ID is dropped silently or buffered for about a
 *       round trip while awaiting registration (RFC 9484 §6).</li>
 * </ul>
 */
public final class HttpDatagram {

    /** Context ID of datagrams whose payload is a full IP packet (RFC 9484 §6). */
    public static final long IP_PACKET_CONTEXT_ID = 0;

    /** Largest legal Quarter Stream ID: the largest stream ID 2^62-1, divided by four (RFC 9297 §2.1). */
    public static final long MAX_QUARTER_STREAM_ID = (1L << 60) - 1;

    private HttpDatagram() {}

    /**
     * The Quarter Stream ID of a request stream: its ID divided by four (RFC 9297 §2.1). Only
     * client-initiated bidirectional streams (ID ≡ 0 mod 4, RFC 9000 §2.1) carry requests.
     */
    public static long quarterStreamId(long streamId) {
        if (streamId < 0 || streamId > VarInt.MAX_VALUE || (streamId & 0x3) != 0) {
            throw new IllegalArgumentException(
                    "stream " + streamId + " is not a client-initiated bidirectional stream (RFC 9000 §2.1)");
        }
        return streamId >>> 2;
    }

    /** The request stream ID a (valid) Quarter Stream ID maps to (RFC 9297 §2.1). */
    public static long streamId(long quarterStreamId) {
        checkQuarterStreamId(quarterStreamId);
        return quarterStreamId << 2;
    }

    /**
     * Whether a non-zero context ID is the client's to allocate (even) rather than the proxy's (odd),
     * RFC 9484 §5; 0 is reserved for IP packets.
     */
    public static boolean isClientAllocated(long contextId) {
        return (contextId & 1) == 0;
    }

    /** Bytes taken by the two header varints. */
    public static int headerLength(long quarterStreamId, long contextId) {
        checkQuarterStreamId(quarterStreamId);
        return VarInt.length(quarterStreamId) + VarInt.length(contextId);
    }

    /** Writes Quarter Stream ID and Context ID, shortest encodings. */
    public static void writeHeader(ByteBuf out, long quarterStreamId, long contextId) {
        checkQuarterStreamId(quarterStreamId);
        VarInt.length(contextId); // range check before writing anything
        VarInt.write(out, quarterStreamId);
        VarInt.write(out, contextId);
    }

    /**
     * Reads the Quarter Stream ID; -1 if the datagram is too short to hold one, which the caller treats
     * as a connection error H3_DATAGRAM_ERROR (RFC 9297 §2.1).
     */
    public static long readQuarterStreamId(ByteBuf in) {
        return VarInt.read(in);
    }

    /** Reads the Context ID that follows the Quarter Stream ID; -1 if truncated (RFC 9484 §6). */
    public static long readContextId(ByteBuf in) {
        return VarInt.read(in);
    }

    /**
     * RFC 9297 §2.1: a Quarter Stream ID above 2^60-1 is a connection error H3_DATAGRAM_ERROR. The -1 of a
     * truncated read counts as out of range too, as it calls for the same error.
     */
    public static boolean quarterStreamIdOutOfRange(long quarterStreamId) {
        return quarterStreamId < 0 || quarterStreamId > MAX_QUARTER_STREAM_ID;
    }

    private static void checkQuarterStreamId(long quarterStreamId) {
        if (quarterStreamIdOutOfRange(quarterStreamId)) {
            throw new IllegalArgumentException(
                    "quarter stream ID out of range [0, 2^60-1] (RFC 9297 §2.1): " + quarterStreamId);
        }
    }
}
