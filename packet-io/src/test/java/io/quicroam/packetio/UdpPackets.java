package io.quicroam.packetio;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * Test-only builder and checker of IPv4/IPv6 UDP packets with correct checksums (the masque
 * module owns the production header code).
 */
final class UdpPackets {

    static final int PROTOCOL_UDP = 17;

    private UdpPackets() {}

    /** RFC 1071 Internet checksum over {@code length} bytes, starting from {@code initial}. */
    static int checksum(byte[] data, int offset, int length, long initial) {
        long sum = initial;
        for (int i = 0; i < length; i += 2) {
            int hi = data[offset + i] & 0xff;
            int lo = i + 1 < length ? data[offset + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    /** An IPv4 (RFC 791) or IPv6 (RFC 8200) packet carrying one UDP (RFC 768) datagram. */
    static byte[] udp(InetAddress src, int srcPort, InetAddress dst, int dstPort, byte[] payload) {
        boolean v4 = src instanceof Inet4Address;
        int headerLength = v4 ? 20 : 40;
        int udpLength = 8 + payload.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + udpLength);
        if (v4) {
            b.put((byte) 0x45).put((byte) 0).putShort((short) (headerLength + udpLength))
                    .putShort((short) 0x1234).putShort((short) 0x4000) // id, DF
                    .put((byte) 64).put((byte) PROTOCOL_UDP).putShort((short) 0)
                    .put(src.getAddress()).put(dst.getAddress());
            b.putShort(10, (short) checksum(b.array(), 0, 20, 0));
        } else {
            b.putInt(0x60000000).putShort((short) udpLength).put((byte) PROTOCOL_UDP).put((byte) 64)
                    .put(src.getAddress()).put(dst.getAddress());
        }
        b.putShort((short) srcPort).putShort((short) dstPort).putShort((short) udpLength)
                .putShort((short) 0).put(payload);
        int udpChecksum = checksum(b.array(), headerLength, udpLength,
                pseudoHeaderSum(src, dst, udpLength));
        // RFC 768: a computed zero is sent as all ones (zero means "no checksum").
        b.putShort(headerLength + 6, (short) (udpChecksum == 0 ? 0xffff : udpChecksum));
        return b.array();
    }

    /** Whether the UDP checksum of an IPv4/IPv6 UDP packet verifies (sums to zero). */
    static boolean udpChecksumValid(byte[] packet) {
        View v = new View(packet);
        return checksum(packet, v.headerLength(), v.udpLength(),
                pseudoHeaderSum(v.source(), v.destination(), v.udpLength())) == 0;
    }

    private static long pseudoHeaderSum(InetAddress src, InetAddress dst, int udpLength) {
        long sum = 0;
        for (byte[] a : new byte[][] {src.getAddress(), dst.getAddress()}) {
            for (int i = 0; i < a.length; i += 2) {
                sum += ((a[i] & 0xff) << 8) | (a[i + 1] & 0xff);
            }
        }
        return sum + PROTOCOL_UDP + udpLength;
    }

    /** Reads the fields a test checks. */
    record View(byte[] packet) {
        int version() {
            return (packet[0] & 0xff) >> 4;
        }

        int headerLength() {
            return version() == 4 ? (packet[0] & 0x0f) * 4 : 40;
        }

        int protocol() {
            return version() == 4 ? packet[9] & 0xff : packet[6] & 0xff;
        }

        InetAddress source() {
            return address(version() == 4 ? 12 : 8);
        }

        InetAddress destination() {
            return address(version() == 4 ? 16 : 24);
        }

        int sourcePort() {
            return u16(headerLength());
        }

        int destinationPort() {
            return u16(headerLength() + 2);
        }

        int udpLength() {
            return u16(headerLength() + 4);
        }

        byte[] payload() {
            int start = headerLength() + 8;
            return java.util.Arrays.copyOfRange(packet, start, headerLength() + udpLength());
        }

        private int u16(int at) {
            return ((packet[at] & 0xff) << 8) | (packet[at + 1] & 0xff);
        }

        private InetAddress address(int at) {
            int size = version() == 4 ? 4 : 16;
            try {
                return InetAddress.getByAddress(java.util.Arrays.copyOfRange(packet, at, at + size));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
