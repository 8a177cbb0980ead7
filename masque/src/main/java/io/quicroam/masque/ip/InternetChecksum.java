package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of 16-bit
 * words. Sums are kept unfolded in a {@code long} and folded once at the end (RFC 1071 §2(C), deferred
 * carries), so 32-bit words can be added directly.
 */
public final class InternetChecksum {

    private InternetChecksum() {}

    /** Adds the big-endian 16-bit words of a range to {@code sum}; an odd last byte is padded with zero. */
    public static long add(long sum, ByteBuf buf, int index, int length) {
        int i = index;
        int end = index + length;
        for (; i + 4 <= end; i += 4) {
            sum += buf.getUnsignedInt(i);
        }
        for (; i + 2 <= end; i += 2) {
            sum += buf.getUnsignedShort(i);
        }
        if (i < end) {
            sum += buf.getUnsignedByte(i) << 8;
        }
        return sum;
    }

    /** Folds carries back in until the sum fits 16 bits. */
    public static int fold(long sum) {
        while (sum >>> 16 != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }

    /** The checksum of a range: ~fold(sum). A range that includes a correct checksum yields 0. */
    public static int compute(ByteBuf buf, int index, int length) {
        return ~fold(add(0, buf, index, length)) & 0xFFFF;
    }

    /**
     * The pseudo-header sum for an upper-layer checksum: IPv4 source, destination, zero, protocol and
     * length (RFC 768, RFC 9293 §3.1); IPv6 source, destination, 32-bit length and next header
     * (RFC 8200 §8.1). Addresses are read from the packet at its reader index.
     */
    public static long pseudoHeaderSum(ByteBuf packet, int protocol, int upperLayerLength) {
        int addresses = 2 * IpPacket.addressLength(packet);
        long sum = add(0, packet, packet.readerIndex() + IpPacket.sourceOffset(packet), addresses);
        return sum + protocol + upperLayerLength;
    }

    /** Whether the IPv4 header checksum verifies (RFC 791 §3.1). */
    public static boolean ipv4HeaderValid(ByteBuf p) {
        return compute(p, p.readerIndex(), IpPacket.headerLength(p)) == 0;
    }

    /** Recomputes the IPv4 header checksum in place. */
    public static void updateIpv4Header(ByteBuf p) {
        int r = p.readerIndex();
        p.setShort(r + 10, 0);
        p.setShort(r + 10, compute(p, r, IpPacket.headerLength(p)));
    }

    /**
     * Recomputes the checksum of the UDP, TCP, ICMP (IPv4) or ICMPv6 (IPv6) message in place. A computed
     * UDP checksum of 0 is sent as 0xFFFF, as 0 means "none" over IPv4 (RFC 768) and is illegal over IPv6
     * (RFC 8200 §8.1).
     */
    public static void updateTransport(ByteBuf p) {
        Segment s = Segment.of(p);
        p.setShort(s.field, 0);
        int checksum = ~fold(s.sum(p)) & 0xFFFF;
        if (checksum == 0 && s.protocol == IpProtocol.UDP) {
            checksum = 0xFFFF;
        }
        p.setShort(s.field, checksum);
    }

    /**
     * Whether the upper-layer checksum verifies. An IPv4 UDP checksum of 0 means "not computed" and is
     * accepted (RFC 768); over IPv6 it is invalid (RFC 8200 §8.1).
     */
    public static boolean transportValid(ByteBuf p) {
        Segment s = Segment.of(p);
        if (s.protocol == IpProtocol.UDP && p.getUnsignedShort(s.field) == 0) {
            return IpPacket.isIpv4(p);
        }
        return fold(s.sum(p)) == 0xFFFF;
    }

    /** Where the upper-layer message and its checksum field are. */
    private record Segment(int protocol, int start, int length, int field, boolean pseudoHeader) {

        static Segment of(ByteBuf p) {
            int protocol = IpPacket.upperLayerProtocol(p);
            int offset = IpPacket.upperLayerOffset(p);
            boolean v4 = IpPacket.isIpv4(p);
            int fieldOffset;
            if (protocol == IpProtocol.UDP) {
                fieldOffset = 6;
            } else if (protocol == IpProtocol.TCP) {
                fieldOffset = 16;
            } else if (protocol == IpProtocol.icmpFor(v4 ? 4 : 6)) {
                fieldOffset = 2;
            } else {
                throw new IllegalArgumentException("no checksum rule for upper-layer protocol " + protocol);
            }
            int length = IpPacket.totalLength(p) - offset;
            if (offset < 0 || length < fieldOffset + 2) {
                throw new IllegalArgumentException("upper-layer header truncated");
            }
            int start = p.readerIndex() + offset;
            boolean pseudo = !(v4 && protocol == IpProtocol.ICMP); // ICMPv4 sums the message only (RFC 792)
            return new Segment(protocol, start, length, start + fieldOffset, pseudo);
        }

        long sum(ByteBuf p) {
            long sum = add(0, p, start, length);
            return pseudoHeader ? sum + pseudoHeaderSum(p, protocol, length) : sum;
        }
    }
}
