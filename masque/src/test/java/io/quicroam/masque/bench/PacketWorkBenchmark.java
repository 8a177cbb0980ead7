package io.quicroam.masque.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.DatagramCapsule;
import io.quicroam.masque.ip.InternetChecksum;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet work that stays on the datapath, each alone: framing an HTTP Datagram in the packet's headroom and
 * reading it back (RFC 9297 §2.1), a DATAGRAM capsule's header (§3.5), the IP header checks every packet passes, and
 * the Internet checksum over a whole packet (RFC 1071). Each should be nanoseconds and allocate nothing; run with
 * {@code -prof gc} to see the allocation rate (README, "Benchmarks"). Never run by {@code mvn test}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketWorkBenchmark {
    /** Room in front of the packet for the datagram header, as the TUN reader leaves it. */
    private static final int HEADROOM = 16;

    @Param({"64", "1350"})
    int size;

    private ByteBuf packet;
    private ByteBuf capsuleHeader;
    private long quarterStreamId;

    @Setup(Level.Trial)
    public void setUp() throws UnknownHostException {
        ByteBuf built = IpPacketBuilder.udp(
                InetAddress.getByName("100.64.0.2"),
                InetAddress.getByName("198.51.100.1"),
                40000,
                9,
                new byte[size - 28]);
        packet = PooledByteBufAllocator.DEFAULT.directBuffer(HEADROOM + size);
        packet.writerIndex(HEADROOM).readerIndex(HEADROOM).writeBytes(built);
        built.release();
        capsuleHeader = PooledByteBufAllocator.DEFAULT.directBuffer(16);
        quarterStreamId = HttpDatagram.quarterStreamId(0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
        capsuleHeader.release();
    }

    /** Writes the quarter stream ID and context ID into the headroom and parses them back, as the peer does. */
    @Benchmark
    public long httpDatagramFrameAndParse() {
        int start = HEADROOM - HttpDatagram.headerLength(quarterStreamId, HttpDatagram.IP_PACKET_CONTEXT_ID);
        int writerIndex = packet.writerIndex();
        packet.readerIndex(start).writerIndex(start);
        HttpDatagram.writeHeader(packet, quarterStreamId, HttpDatagram.IP_PACKET_CONTEXT_ID);
        packet.writerIndex(writerIndex);
        long parsed = HttpDatagram.readQuarterStreamId(packet) + HttpDatagram.readContextId(packet);
        packet.readerIndex(HEADROOM);
        return parsed;
    }

    /** A DATAGRAM capsule's type, length and context ID, for a path without QUIC datagrams. */
    @Benchmark
    public int datagramCapsuleHeader() {
        capsuleHeader.clear();
        DatagramCapsule.writeHeader(capsuleHeader, HttpDatagram.IP_PACKET_CONTEXT_ID, size);
        return capsuleHeader.readableBytes();
    }

    /** The header checks every packet passes in both directions before it is forwarded. */
    @Benchmark
    public Object ipHeaderChecks() {
        return IpPacket.malformedReason(packet);
    }

    /** The UDP checksum over the whole packet, as an echo or a rewritten packet needs. */
    @Benchmark
    public int transportChecksum() {
        InternetChecksum.updateTransport(packet);
        return packet.getUnsignedShort(HEADROOM + 26);
    }
}
