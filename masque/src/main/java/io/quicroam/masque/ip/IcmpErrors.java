package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The ICMP errors an IP proxying endpoint sends (RFC 9484 §7.2, §10.1): "too big" when a packet does not fit the
 * tunnel — ICMPv4 Destination Unreachable / Fragmentation Needed with the next-hop MTU (RFC 792, RFC 1191 §4),
 * ICMPv6 Packet Too Big (RFC 4443 §3.2) —, Time Exceeded when the hop limit runs out on encapsulation (RFC 792,
 * RFC 4443 §3.3), and Destination Unreachable "administratively prohibited" for a packet the proxy refuses to
 * forward: a spoofed source (RFC 9484 §8) or a destination outside the advertised routes (RFC 9484 §4.8)
 * (RFC 1812 §5.2.7.1 code 13, RFC 4443 §3.1 code 1).
 *
 * <p>Call {@link #mayReportTooBig} or {@link #mayReport} first: the RFCs forbid errors about some packets, and the
 * builders reject them with IllegalArgumentException. Rate-limit what you send ({@link IcmpRateLimiter}).
 */
public final class IcmpErrors {

    /** RFC 1812 §4.3.2.3: an ICMPv4 error, IP header included, should not exceed 576 bytes. */
    public static final int IPV4_MAX_ERROR_LENGTH = 576;
    /** RFC 4443 §2.4(c): an ICMPv6 error must not exceed the minimum IPv6 MTU. */
    public static final int IPV6_MAX_ERROR_LENGTH = 1280;

    private static final int ICMP_HEADER = 8;
    private static final int V4_DESTINATION_UNREACHABLE = 3;
    private static final int V4_FRAGMENTATION_NEEDED = 4;
    private static final int V4_ADMINISTRATIVELY_PROHIBITED = 13; // RFC 1812 §5.2.7.1
    private static final int V4_TIME_EXCEEDED = 11;
    private static final int V6_DESTINATION_UNREACHABLE = 1;
    private static final int V6_ADMINISTRATIVELY_PROHIBITED = 1; // RFC 4443 §3.1
    private static final int V6_PACKET_TOO_BIG = 2;
    private static final int V6_TIME_EXCEEDED = 3;
    private static final int HOP_LIMIT_EXCEEDED = 0; // code 0 in both versions
    private static final int IPV4_MIN_MTU = 68; // RFC 791: every module must forward 68 bytes unfragmented
    private static final int IPV6_MIN_MTU = 1280; // RFC 8200 §5

    private IcmpErrors() {}

    /**
     * Whether an ICMP "too big" error may be sent about {@code original}: it must be well-formed, not itself an
     * ICMP error (RFC 1812 §4.3.2.7, RFC 4443 §2.4(e.1)), and its source must name a single host: not
     * unspecified, loopback (IPv4), multicast or reserved (RFC 1812 §4.3.2.7, RFC 4443 §2.4(e.6)).
     * IPv4 adds: not a non-initial fragment and not to a multicast or broadcast destination. IPv6 Packet
     * Too Big may answer a multicast destination (RFC 4443 §2.4(e.2)).
     */
    public static boolean mayReportTooBig(ByteBuf original) {
        if (IpPacket.malformedReason(original) != null) {
            return false;
        }
        int r = original.readerIndex();
        if (IpPacket.isIpv4(original)) {
            int source = original.getInt(r + 12);
            int destination = original.getInt(r + 16);
            int sourceHigh = source >>> 24;
            boolean sourceIsHost = sourceHigh != 0 && sourceHigh != 127 && sourceHigh < 224;
            boolean destinationIsHost = destination >>> 28 != 0xE && destination != 0xFFFF_FFFF;
            return sourceIsHost
                    && destinationIsHost
                    && !IpPacket.isNonInitialFragment(original)
                    && !isIcmpError(original);
        }
        boolean sourceUnspecified = original.getLong(r + 8) == 0 && original.getLong(r + 16) == 0;
        boolean sourceMulticast = original.getUnsignedByte(r + 8) == 0xFF;
        return !sourceUnspecified && !sourceMulticast && !isIcmpError(original);
    }

    /**
     * Whether any other ICMP error (Time Exceeded, Destination Unreachable) may be sent about {@code original}: as
     * {@link #mayReportTooBig}, and never about a packet to a multicast destination, IPv6 included (RFC 4443
     * §2.4(e.2)), nor about a non-initial IPv6 fragment (it carries no upper-layer header to quote usefully).
     */
    public static boolean mayReport(ByteBuf original) {
        if (!mayReportTooBig(original)) {
            return false;
        }
        if (IpPacket.isIpv4(original)) {
            return true;
        }
        boolean destinationMulticast = original.getUnsignedByte(original.readerIndex() + 24) == 0xFF;
        return !destinationMulticast && !IpPacket.isNonInitialFragment(original);
    }

    /**
     * ICMPv4 Destination Unreachable, code 4 "fragmentation needed and DF set", carrying the next-hop MTU
     * (RFC 1191 §4). Source {@code from}, destination the original's source; quotes as much of the
     * original as keeps the result within 576 bytes. The caller owns the returned buffer.
     */
    public static ByteBuf fragmentationNeeded(ByteBufAllocator alloc, ByteBuf original, int mtu, Inet4Address from) {
        checkReportable(original, 4, true);
        if (mtu < IPV4_MIN_MTU || mtu > 0xFFFF) {
            throw new IllegalArgumentException("IPv4 next-hop MTU must be in [68, 65535]: " + mtu);
        }
        // unused (16 bits), Next-Hop MTU (16 bits): RFC 1191 §4
        return v4Error(alloc, original, V4_DESTINATION_UNREACHABLE, V4_FRAGMENTATION_NEEDED, mtu, from);
    }

    /**
     * ICMPv6 Packet Too Big (RFC 4443 §3.2) with the MTU of the next hop. Source {@code from},
     * destination the original's source; quotes as much of the original as keeps the result within 1280
     * bytes (RFC 4443 §2.4(c)); checksum over the pseudo-header (RFC 4443 §2.3). The caller owns the result.
     */
    public static ByteBuf packetTooBig(ByteBufAllocator alloc, ByteBuf original, int mtu, Inet6Address from) {
        checkReportable(original, 6, true);
        if (mtu < IPV6_MIN_MTU) {
            throw new IllegalArgumentException("an IPv6 link MTU is at least 1280 (RFC 8200 §5): " + mtu);
        }
        return v6Error(alloc, original, V6_PACKET_TOO_BIG, 0, mtu, from);
    }

    /**
     * The "too big" error for the original's IP version, as RFC 9484 §10.1 asks when a packet does not fit
     * the tunnel; {@code from} must be an address of the same version.
     */
    public static ByteBuf tooBig(ByteBufAllocator alloc, ByteBuf original, int mtu, InetAddress from) {
        int version = IpPacket.version(original);
        if (version == 4 && from instanceof Inet4Address v4) {
            return fragmentationNeeded(alloc, original, mtu, v4);
        }
        if (version == 6 && from instanceof Inet6Address v6) {
            return packetTooBig(alloc, original, mtu, v6);
        }
        throw new IllegalArgumentException("the error's source must have the original packet's IP version");
    }

    /**
     * Time Exceeded, "hop limit exceeded in transit" (RFC 792 type 11 code 0, RFC 4443 §3.3 type 3 code 0): the
     * answer to a packet whose TTL / Hop Limit would reach zero on encapsulation (RFC 9484 §7.2). {@code from} must
     * have the original's IP version.
     */
    public static ByteBuf timeExceeded(ByteBufAllocator alloc, ByteBuf original, InetAddress from) {
        return otherError(
                alloc, original, from, V4_TIME_EXCEEDED, HOP_LIMIT_EXCEEDED, V6_TIME_EXCEEDED, HOP_LIMIT_EXCEEDED);
    }

    /**
     * Destination Unreachable, "communication administratively prohibited" (RFC 1812 §5.2.7.1 code 13,
     * RFC 4443 §3.1 code 1): the answer to a packet the proxy will not forward, with a source that is not the
     * sender's assigned address (RFC 9484 §8) or a destination outside the advertised routes (RFC 9484 §4.8).
     */
    public static ByteBuf prohibited(ByteBufAllocator alloc, ByteBuf original, InetAddress from) {
        return otherError(
                alloc,
                original,
                from,
                V4_DESTINATION_UNREACHABLE,
                V4_ADMINISTRATIVELY_PROHIBITED,
                V6_DESTINATION_UNREACHABLE,
                V6_ADMINISTRATIVELY_PROHIBITED);
    }

    private static ByteBuf otherError(
            ByteBufAllocator alloc,
            ByteBuf original,
            InetAddress from,
            int v4Type,
            int v4Code,
            int v6Type,
            int v6Code) {
        int version = IpPacket.version(original);
        if (version == 4 && from instanceof Inet4Address v4) {
            checkReportable(original, 4, false);
            return v4Error(alloc, original, v4Type, v4Code, 0, v4);
        }
        if (version == 6 && from instanceof Inet6Address v6) {
            checkReportable(original, 6, false);
            return v6Error(alloc, original, v6Type, v6Code, 0, v6);
        }
        throw new IllegalArgumentException("the error's source must have the original packet's IP version");
    }

    /** An ICMPv4 error (RFC 792) whose second header word is {@code rest}, within 576 bytes (RFC 1812 §4.3.2.3). */
    private static ByteBuf v4Error(
            ByteBufAllocator alloc, ByteBuf original, int type, int code, int rest, Inet4Address from) {
        int quoted = Math.min(original.readableBytes(), IPV4_MAX_ERROR_LENGTH - IpPacket.IPV4_MIN_HEADER - ICMP_HEADER);
        int total = IpPacket.IPV4_MIN_HEADER + ICMP_HEADER + quoted;
        ByteBuf out = alloc.buffer(total);
        int r = out.writerIndex();
        out.writeByte(0x45)
                .writeByte(0)
                .writeShort(total)
                .writeShort(0)
                .writeShort(0) // identification, flags and offset: a fresh, fragmentable datagram
                .writeByte(IpPacketBuilder.DEFAULT_HOP_LIMIT)
                .writeByte(IpProtocol.ICMP)
                .writeShort(0)
                .writeBytes(from.getAddress())
                .writeBytes(original, original.readerIndex() + 12, 4);
        out.writeByte(type)
                .writeByte(code)
                .writeShort(0)
                .writeInt(rest)
                .writeBytes(original, original.readerIndex(), quoted);
        ByteBuf packet = out.slice(r, total);
        InternetChecksum.updateIpv4Header(packet);
        InternetChecksum.updateTransport(packet);
        return out;
    }

    /** An ICMPv6 error (RFC 4443 §2.1) whose second header word is {@code rest}, within 1280 bytes (§2.4(c)). */
    private static ByteBuf v6Error(
            ByteBufAllocator alloc, ByteBuf original, int type, int code, int rest, Inet6Address from) {
        int quoted = Math.min(original.readableBytes(), IPV6_MAX_ERROR_LENGTH - IpPacket.IPV6_HEADER - ICMP_HEADER);
        int payloadLength = ICMP_HEADER + quoted;
        ByteBuf out = alloc.buffer(IpPacket.IPV6_HEADER + payloadLength);
        int r = out.writerIndex();
        out.writeInt(0x6000_0000)
                .writeShort(payloadLength)
                .writeByte(IpProtocol.ICMPV6)
                .writeByte(IpPacketBuilder.DEFAULT_HOP_LIMIT)
                .writeBytes(from.getAddress())
                .writeBytes(original, original.readerIndex() + 8, 16);
        out.writeByte(type)
                .writeByte(code)
                .writeShort(0)
                .writeInt(rest)
                .writeBytes(original, original.readerIndex(), quoted);
        // checksum over the pseudo-header (RFC 4443 §2.3)
        InternetChecksum.updateTransport(out.slice(r, IpPacket.IPV6_HEADER + payloadLength));
        return out;
    }

    private static void checkReportable(ByteBuf original, int version, boolean tooBig) {
        String malformed = IpPacket.malformedReason(original);
        if (malformed != null) {
            throw new IllegalArgumentException("original packet is malformed: " + malformed);
        }
        if (IpPacket.version(original) != version) {
            throw new IllegalArgumentException("original packet is not IPv" + version);
        }
        if (tooBig ? !mayReportTooBig(original) : !mayReport(original)) {
            throw new IllegalArgumentException(
                    "no ICMP error may be sent about this packet (RFC 1812 §4.3.2.7, RFC 4443 §2.4(e))");
        }
    }

    /**
     * Whether a well-formed packet is an ICMP error message: ICMPv4 types 3, 4, 5, 11, 12 (RFC 792), ICMPv6 types
     * below 128 (RFC 4443 §2.1).
     */
    public static boolean isIcmpError(ByteBuf p) {
        int version = IpPacket.version(p);
        if (IpPacket.upperLayerProtocol(p) != IpProtocol.icmpFor(version) || IpPacket.isNonInitialFragment(p)) {
            return false;
        }
        int offset = IpPacket.upperLayerOffset(p);
        if (offset >= IpPacket.totalLength(p)) {
            return false;
        }
        int type = p.getUnsignedByte(p.readerIndex() + offset);
        if (version == 6) {
            return type < 128;
        }
        return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
    }
}
