package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;

/**
 * Builds small, correct IPv4/IPv6 packets (UDP, ICMP/ICMPv6 echo) with valid checksums, for tests and
 * the in-memory echo host. Allocates unpooled heap buffers: not for the packet path.
 */
public final class IpPacketBuilder {

    /** TTL / Hop Limit of built packets. */
    public static final int DEFAULT_HOP_LIMIT = 64;

    private IpPacketBuilder() {}

    /** An IP packet carrying one UDP datagram (RFC 768). */
    public static ByteBuf udp(InetAddress src, InetAddress dst, int srcPort, int dstPort, byte[] payload) {
        checkUnsigned16("source port", srcPort);
        checkUnsigned16("destination port", dstPort);
        int udpLength = 8 + payload.length;
        ByteBuf p = ipHeader(src, dst, IpProtocol.UDP, udpLength);
        p.writeShort(srcPort)
                .writeShort(dstPort)
                .writeShort(udpLength)
                .writeShort(0)
                .writeBytes(payload);
        InternetChecksum.updateTransport(p);
        return p;
    }

    /** An ICMP (IPv4, RFC 792) or ICMPv6 (IPv6, RFC 4443 §4) Echo Request or Echo Reply. */
    public static ByteBuf icmpEcho(InetAddress src, InetAddress dst, int id, int seq, byte[] payload, boolean reply) {
        checkUnsigned16("identifier", id);
        checkUnsigned16("sequence number", seq);
        int version = IpAddresses.version(src);
        int type = version == 4
                ? (reply ? IcmpView.V4_ECHO_REPLY : IcmpView.V4_ECHO_REQUEST)
                : (reply ? IcmpView.V6_ECHO_REPLY : IcmpView.V6_ECHO_REQUEST);
        ByteBuf p = ipHeader(src, dst, IpProtocol.icmpFor(version), 8 + payload.length);
        p.writeByte(type)
                .writeByte(0)
                .writeShort(0)
                .writeShort(id)
                .writeShort(seq)
                .writeBytes(payload);
        InternetChecksum.updateTransport(p);
        return p;
    }

    /** Writes the IP header for a payload of {@code upperLength} bytes into a new, right-sized buffer. */
    private static ByteBuf ipHeader(InetAddress src, InetAddress dst, int protocol, int upperLength) {
        int version = IpAddresses.version(src);
        if (IpAddresses.version(dst) != version) {
            throw new IllegalArgumentException("source and destination must be of the same IP version");
        }
        int headerLength = version == 4 ? IpPacket.IPV4_MIN_HEADER : IpPacket.IPV6_HEADER;
        int total = headerLength + upperLength;
        if (version == 4 ? total > 0xFFFF : upperLength > 0xFFFF) {
            throw new IllegalArgumentException("packet too large for the IP length field: " + total + " bytes");
        }
        ByteBuf p = Unpooled.buffer(total);
        if (version == 4) {
            p.writeByte(0x45)
                    .writeByte(0)
                    .writeShort(total)
                    .writeShort(0)
                    .writeShort(0x4000) // identification 0, Don't Fragment
                    .writeByte(DEFAULT_HOP_LIMIT)
                    .writeByte(protocol)
                    .writeShort(0)
                    .writeBytes(src.getAddress())
                    .writeBytes(dst.getAddress());
            InternetChecksum.updateIpv4Header(p);
        } else {
            p.writeInt(0x6000_0000)
                    .writeShort(upperLength)
                    .writeByte(protocol)
                    .writeByte(DEFAULT_HOP_LIMIT)
                    .writeBytes(src.getAddress())
                    .writeBytes(dst.getAddress());
        }
        return p;
    }

    private static void checkUnsigned16(String field, int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + " must be in [0, 65535]: " + value);
        }
    }
}
