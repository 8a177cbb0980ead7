package io.quicroam.cli.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One IPv4 UDP packet seen by {@link VethCapture}: when (epoch nanoseconds), between which addresses and ports, and
 * its UDP payload's length (the whole packet's, even where the capture kept only the headers).
 *
 * @param source      IPv4 source address, as an int
 * @param destination IPv4 destination address, as an int
 */
record UdpHeader(long epochNanos, int source, int sourcePort, int destination, int destinationPort, int payload) {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTOCOL_UDP = 17;

    /**
     * The IPv4 UDP packets of a pcap file (the classic format, microsecond or nanosecond timestamps, either byte
     * order) captured on an Ethernet-like device such as a veth; anything else in it is skipped.
     */
    static List<UdpHeader> readPcap(byte[] file) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            in.order(ByteOrder.BIG_ENDIAN);
            magic = Integer.reverseBytes(magic);
        }
        long fraction = switch (magic) {
            case 0xa1b2c3d4 -> 1_000; // microseconds
            case 0xa1b23c4d -> 1; // nanoseconds
            default -> throw new IllegalArgumentException("not a pcap file: magic " + Integer.toHexString(magic));
        };
        if (in.getInt(20) != LINKTYPE_ETHERNET) {
            throw new IllegalArgumentException("pcap link type " + in.getInt(20) + ", not Ethernet");
        }
        List<UdpHeader> packets = new ArrayList<>();
        for (int at = 24; at + 16 <= file.length; ) {
            long nanos = Integer.toUnsignedLong(in.getInt(at)) * 1_000_000_000L
                    + Integer.toUnsignedLong(in.getInt(at + 4)) * fraction;
            int kept = in.getInt(at + 8);
            int frame = at + 16;
            at = frame + kept;
            if (at > file.length || kept < 14 + 20 + 8) {
                break; // the last record cut short by the stop
            }
            ByteBuffer packet = ByteBuffer.wrap(file, frame, kept).slice().order(ByteOrder.BIG_ENDIAN);
            if ((packet.getShort(12) & 0xffff) != ETHERTYPE_IPV4 || (packet.get(14 + 9) & 0xff) != PROTOCOL_UDP) {
                continue;
            }
            int udp = 14 + (packet.get(14) & 0x0f) * 4;
            if (udp + 8 > kept) {
                continue;
            }
            packets.add(new UdpHeader(
                    nanos,
                    packet.getInt(14 + 12),
                    packet.getShort(udp) & 0xffff,
                    packet.getInt(14 + 16),
                    packet.getShort(udp + 2) & 0xffff,
                    (packet.getShort(udp + 4) & 0xffff) - 8));
        }
        return packets;
    }
}
