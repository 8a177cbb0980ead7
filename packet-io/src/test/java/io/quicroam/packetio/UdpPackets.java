package io.quicroam.packetio;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.ip.InternetChecksum;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Test-only view of IPv4/IPv6 UDP packets as byte arrays, built and checked by the masque module's header code.
 */
final class UdpPackets {

    static final int PROTOCOL_UDP = 17;

    private UdpPackets() {}

    /** An IPv4 (RFC 791) or IPv6 (RFC 8200) packet carrying one UDP (RFC 768) datagram: masque's builder, as bytes. */
    static byte[] udp(InetAddress src, int srcPort, InetAddress dst, int dstPort, byte[] payload) {
        ByteBuf packet = IpPacketBuilder.udp(src, dst, srcPort, dstPort, payload);
        try {
            return ByteBufUtil.getBytes(packet);
        } finally {
            packet.release();
        }
    }

    /** Whether the UDP checksum of an IPv4/IPv6 UDP packet verifies (RFC 768, over the pseudo-header). */
    static boolean udpChecksumValid(byte[] packet) {
        return InternetChecksum.transportValid(Unpooled.wrappedBuffer(packet));
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
            return Arrays.copyOfRange(packet, start, headerLength() + udpLength());
        }

        private int u16(int at) {
            return ((packet[at] & 0xff) << 8) | (packet[at + 1] & 0xff);
        }

        private InetAddress address(int at) {
            int size = version() == 4 ? 4 : 16;
            try {
                return InetAddress.getByAddress(Arrays.copyOfRange(packet, at, at + size));
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
