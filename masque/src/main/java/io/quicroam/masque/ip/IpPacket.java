package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;
import java.net.InetAddress;

/**
 * Zero-allocation accessors over one IPv4 (RFC 791) or IPv6 (RFC 8200) packet that starts at a buffer's
 * reader index and fills its readable bytes. Nothing is copied; reader and writer indexes are left alone.
 *
 * <p>Check {@link #malformedReason} first: the other accessors assume a well-formed packet.
 */
public final class IpPacket {

    static final int IPV4_MIN_HEADER = 20;
    static final int IPV6_HEADER = 40;
    private static final int IPV4_SOURCE = 12;
    private static final int IPV6_SOURCE = 8;

    private IpPacket() {}

    /** The IP version nibble: 4, 6, anything else for garbage, -1 for an empty buffer. */
    public static int version(ByteBuf p) {
        return p.isReadable() ? p.getUnsignedByte(p.readerIndex()) >>> 4 : -1;
    }

    /**
     * Null if the packet is well-formed, else why not (a constant string: no allocation, no addresses).
     * IPv4: at least 20 bytes, IHL ≥ 5, header within the packet, Total Length equal to the readable
     * bytes, valid header checksum (RFC 791 §3.1). IPv6: at least 40 bytes and Payload Length + 40 equal
     * to the readable bytes (RFC 8200 §3; jumbograms are not carried). A tunnel datagram holds exactly
     * one whole packet (RFC 9484 §6), hence the equality.
     */
    public static String malformedReason(ByteBuf p) {
        int length = p.readableBytes();
        int r = p.readerIndex();
        switch (version(p)) {
            case 4 -> {
                if (length < IPV4_MIN_HEADER) {
                    return "IPv4 packet shorter than the 20-byte minimum header";
                }
                int headerLength = (p.getUnsignedByte(r) & 0x0F) * 4;
                if (headerLength < IPV4_MIN_HEADER) {
                    return "IPv4 IHL below 5";
                }
                if (headerLength > length) {
                    return "IPv4 header longer than the packet";
                }
                if (p.getUnsignedShort(r + 2) != length) {
                    return "IPv4 Total Length does not match the packet size";
                }
                if (!InternetChecksum.ipv4HeaderValid(p)) {
                    return "IPv4 header checksum mismatch";
                }
                return null;
            }
            case 6 -> {
                if (length < IPV6_HEADER) {
                    return "IPv6 packet shorter than the 40-byte header";
                }
                if (p.getUnsignedShort(r + 4) + IPV6_HEADER != length) {
                    return "IPv6 Payload Length does not match the packet size";
                }
                return null;
            }
            case -1 -> {
                return "empty packet";
            }
            default -> {
                return "IP version is neither 4 nor 6";
            }
        }
    }

    /** IPv4 Total Length, or IPv6 Payload Length + 40. */
    public static int totalLength(ByteBuf p) {
        int r = p.readerIndex();
        return isIpv4(p) ? p.getUnsignedShort(r + 2) : IPV6_HEADER + p.getUnsignedShort(r + 4);
    }

    /** IPv4 Protocol, or the IPv6 Next Header of the fixed header (see {@link #upperLayerProtocol}). */
    public static int protocol(ByteBuf p) {
        return p.getUnsignedByte(p.readerIndex() + (isIpv4(p) ? 9 : 6));
    }

    /** IPv4 TTL or IPv6 Hop Limit. */
    public static int hopLimit(ByteBuf p) {
        return p.getUnsignedByte(p.readerIndex() + hopLimitOffset(p));
    }

    /** IPv4 IHL × 4, or 40 (the fixed IPv6 header; extension headers are not counted). */
    public static int headerLength(ByteBuf p) {
        return isIpv4(p) ? (p.getUnsignedByte(p.readerIndex()) & 0x0F) * 4 : IPV6_HEADER;
    }

    /** 4 or 16. */
    public static int addressLength(ByteBuf p) {
        return isIpv4(p) ? 4 : 16;
    }

    public static boolean sourceEquals(ByteBuf p, byte[] address) {
        return addressEquals(p, sourceOffset(p), address);
    }

    public static boolean destinationEquals(ByteBuf p, byte[] address) {
        return addressEquals(p, sourceOffset(p) + addressLength(p), address);
    }

    /** Copies the source address into the first 4 or 16 bytes of {@code dst}. */
    public static void copySource(ByteBuf p, byte[] dst) {
        p.getBytes(p.readerIndex() + sourceOffset(p), dst, 0, addressLength(p));
    }

    /** Copies the destination address into the first 4 or 16 bytes of {@code dst}. */
    public static void copyDestination(ByteBuf p, byte[] dst) {
        p.getBytes(p.readerIndex() + sourceOffset(p) + addressLength(p), dst, 0, addressLength(p));
    }

    /** The source address; allocates, so for tests and debug logs only. */
    public static InetAddress source(ByteBuf p) {
        byte[] bytes = new byte[addressLength(p)];
        copySource(p, bytes);
        return IpAddresses.fromBytes(bytes);
    }

    /** The destination address; allocates, so for tests and debug logs only. */
    public static InetAddress destination(ByteBuf p) {
        byte[] bytes = new byte[addressLength(p)];
        copyDestination(p, bytes);
        return IpAddresses.fromBytes(bytes);
    }

    /**
     * The upper-layer protocol: IPv4 Protocol, or for IPv6 the first Next Header that is not an extension
     * header, walking the chain as RFC 9484 §4.8 requires for scoping and route checks (RFC 8200 §4).
     * ESP (50) ends the walk: what follows is encrypted. -1 if the chain runs past the packet.
     */
    public static int upperLayerProtocol(ByteBuf p) {
        if (isIpv4(p)) {
            return protocol(p);
        }
        long walk = walkIpv6(p);
        return walk < 0 ? -1 : (int) (walk & 0xFF);
    }

    /** Offset from the reader index of the upper-layer header (see {@link #upperLayerProtocol}); -1 if truncated. */
    public static int upperLayerOffset(ByteBuf p) {
        if (isIpv4(p)) {
            return headerLength(p);
        }
        long walk = walkIpv6(p);
        return walk < 0 ? -1 : (int) (walk >>> 16);
    }

    /**
     * Whether this is a fragment other than the first, which carries no upper-layer header (RFC 791
     * Fragment Offset; RFC 8200 §4.5). A truncated IPv6 chain counts as non-initial: there is no
     * upper-layer header to read either way.
     */
    public static boolean isNonInitialFragment(ByteBuf p) {
        if (isIpv4(p)) {
            return (p.getUnsignedShort(p.readerIndex() + 6) & 0x1FFF) != 0;
        }
        long walk = walkIpv6(p);
        return walk < 0 || (walk & 0x100) != 0;
    }

    /** IPv4: whether the Don't Fragment flag is set (RFC 791 §3.1). IPv6 routers never fragment: always true. */
    public static boolean dontFragment(ByteBuf p) {
        return !isIpv4(p) || (p.getUnsignedShort(p.readerIndex() + 6) & 0x4000) != 0;
    }

    /**
     * Decrements TTL / Hop Limit in place, as a forwarding IP proxying endpoint does on encapsulation
     * (RFC 9484 §7.2). IPv4 updates the header checksum incrementally (RFC 1624 §3, eqn. 3). Returns false
     * and changes nothing if the value was ≤ 1: the packet must not be forwarded (RFC 791, RFC 8200 §3).
     */
    public static boolean decrementHopLimit(ByteBuf p) {
        int r = p.readerIndex();
        int index = r + hopLimitOffset(p);
        int hops = p.getUnsignedByte(index);
        if (hops <= 1) {
            return false;
        }
        if (isIpv4(p)) {
            int oldWord = p.getUnsignedShort(r + 8); // TTL and Protocol share one 16-bit word
            int newWord = oldWord - 0x100;
            int checksum = p.getUnsignedShort(r + 10);
            // RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')
            int sum = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + newWord;
            p.setShort(r + 10, ~InternetChecksum.fold(sum) & 0xFFFF);
        }
        p.setByte(index, hops - 1);
        return true;
    }

    /**
     * Swaps source and destination in place. No checksum needs fixing: the IPv4 header checksum and the
     * transport pseudo-header sums add both addresses, and one's-complement addition is commutative.
     */
    public static void swapAddresses(ByteBuf p) {
        int r = p.readerIndex();
        if (isIpv4(p)) {
            int source = p.getInt(r + IPV4_SOURCE);
            p.setInt(r + IPV4_SOURCE, p.getInt(r + IPV4_SOURCE + 4));
            p.setInt(r + IPV4_SOURCE + 4, source);
        } else {
            for (int i = 0; i < 16; i += 8) {
                long source = p.getLong(r + IPV6_SOURCE + i);
                p.setLong(r + IPV6_SOURCE + i, p.getLong(r + IPV6_SOURCE + 16 + i));
                p.setLong(r + IPV6_SOURCE + 16 + i, source);
            }
        }
    }

    static boolean isIpv4(ByteBuf p) {
        return version(p) == 4;
    }

    static int sourceOffset(ByteBuf p) {
        return isIpv4(p) ? IPV4_SOURCE : IPV6_SOURCE;
    }

    private static int hopLimitOffset(ByteBuf p) {
        return isIpv4(p) ? 8 : 7;
    }

    private static boolean addressEquals(ByteBuf p, int offset, byte[] address) {
        int length = addressLength(p);
        if (address.length != length) {
            return false;
        }
        int base = p.readerIndex() + offset;
        for (int i = 0; i < length; i++) {
            if (p.getByte(base + i) != address[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Walks the IPv6 extension header chain (RFC 8200 §4; lengths per §4.3-§4.6, RFC 4302 §2.2 for AH,
     * RFC 7045 for the list). Returns -1 if it runs past the packet, else packs the upper-layer
     * protocol (bits 0-7), a non-initial-fragment flag (bit 8) and the upper-layer offset (bits 16+).
     */
    private static long walkIpv6(ByteBuf p) {
        int r = p.readerIndex();
        int limit = p.readableBytes();
        int next = p.getUnsignedByte(r + 6);
        int offset = IPV6_HEADER;
        while (true) {
            int length;
            switch (next) {
                case IpProtocol.HOP_BY_HOP,
                        IpProtocol.ROUTING,
                        IpProtocol.DESTINATION_OPTIONS,
                        IpProtocol.MOBILITY,
                        IpProtocol.HIP,
                        IpProtocol.SHIM6,
                        IpProtocol.EXPERIMENT_253,
                        IpProtocol.EXPERIMENT_254 -> {
                    if (offset + 2 > limit) {
                        return -1;
                    }
                    length = (p.getUnsignedByte(r + offset + 1) + 1) * 8;
                }
                case IpProtocol.AUTHENTICATION -> {
                    if (offset + 2 > limit) {
                        return -1;
                    }
                    length = (p.getUnsignedByte(r + offset + 1) + 2) * 4;
                }
                case IpProtocol.FRAGMENT -> {
                    if (offset + 8 > limit) {
                        return -1;
                    }
                    if ((p.getUnsignedShort(r + offset + 2) & 0xFFF8) != 0) {
                        // later fragments hold payload bytes, not headers: stop here
                        return pack(p.getUnsignedByte(r + offset), true, offset + 8);
                    }
                    length = 8;
                }
                default -> {
                    return pack(next, false, offset);
                }
            }
            if (offset + length > limit) {
                return -1;
            }
            next = p.getUnsignedByte(r + offset);
            offset += length;
        }
    }

    private static long pack(int protocol, boolean nonInitialFragment, int offset) {
        return (long) offset << 16 | (nonInitialFragment ? 0x100 : 0) | protocol;
    }
}
