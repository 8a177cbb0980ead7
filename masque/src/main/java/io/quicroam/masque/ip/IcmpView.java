package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;

/**
 * Zero-copy accessors for the ICMP (RFC 792) or ICMPv6 (RFC 4443) message inside an IP packet at a
 * buffer's reader index: ICMP with IPv4, ICMPv6 with IPv6.
 */
public final class IcmpView {

    /** ICMPv4 Echo Reply / Echo Request types (RFC 792). */
    public static final int V4_ECHO_REPLY = 0;

    public static final int V4_ECHO_REQUEST = 8;
    /** ICMPv6 Echo Request / Echo Reply types (RFC 4443 §4). */
    public static final int V6_ECHO_REQUEST = 128;

    public static final int V6_ECHO_REPLY = 129;

    private static final int HEADER = 8;

    private IcmpView() {}

    /**
     * Whether the packet is well-formed IP carrying an unfragmented ICMP message of its version with at
     * least the 8-byte header. The other accessors require this.
     */
    public static boolean isIcmp(ByteBuf p) {
        return IpPacket.malformedReason(p) == null
                && IpPacket.upperLayerProtocol(p) == IpProtocol.icmpFor(IpPacket.version(p))
                && !IpPacket.isNonInitialFragment(p)
                && IpPacket.totalLength(p) - IpPacket.upperLayerOffset(p) >= HEADER;
    }

    public static int type(ByteBuf p) {
        return p.getUnsignedByte(start(p));
    }

    public static int code(ByteBuf p) {
        return p.getUnsignedByte(start(p) + 1);
    }

    public static boolean isEchoRequest(ByteBuf p) {
        return type(p) == (IpPacket.isIpv4(p) ? V4_ECHO_REQUEST : V6_ECHO_REQUEST);
    }

    public static boolean isEchoReply(ByteBuf p) {
        return type(p) == (IpPacket.isIpv4(p) ? V4_ECHO_REPLY : V6_ECHO_REPLY);
    }

    /** Echo Identifier (RFC 792, RFC 4443 §4.1). */
    public static int identifier(ByteBuf p) {
        return p.getUnsignedShort(start(p) + 4);
    }

    /** Echo Sequence Number. */
    public static int sequence(ByteBuf p) {
        return p.getUnsignedShort(start(p) + 6);
    }

    /** Bytes after the 8-byte header (echo data, or the quoted packet of an error), as a shared slice. */
    public static ByteBuf body(ByteBuf p) {
        int start = start(p);
        int end = p.readerIndex() + IpPacket.totalLength(p);
        return p.slice(start + HEADER, end - start - HEADER);
    }

    private static int start(ByteBuf p) {
        return p.readerIndex() + IpPacket.upperLayerOffset(p);
    }
}
