package io.quicroam.cli;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quicroam.masque.ip.InternetChecksum;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.packetio.PacketIo;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import io.quicroam.transport.HopProbe;
import java.net.InetAddress;

/**
 * Pings through the tunnel: an in-memory device -> agent -> QUIC on loopback -> gateway -> an echo host that
 * answers UDP -> gateway -> QUIC -> agent -> the device. The ping is a UDP packet of the given size whose payload
 * starts with its number; the sending thread plays the TUN reader, the answer is taken where the agent writes
 * into the device.
 */
final class TunnelPingPong extends PingPong {
    /** IPv4 and UDP headers: where the ping's number sits in the inner packet. */
    private static final int PAYLOAD_OFFSET = 20 + 8;

    private final LoopbackRig rig;
    private final InMemoryPacketIo io;
    private final InetAddress source;
    private final InetAddress target;
    /** Where the hops' marks go, when {@link HopProbe} is on and one ping is outstanding; else null. */
    private volatile HopBreakdown trace;

    private TunnelPingPong(LoopbackRig rig, InetAddress target) {
        this.rig = rig;
        this.io = rig.io();
        this.source = rig.innerV4();
        this.target = target;
        io.onWrite(this::answer);
    }

    /** A tunnel of its own, connected, with the largest inner packet {@code mtu}. */
    static TunnelPingPong start(int mtu) throws Exception {
        LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                .tunnelMtu(mtu)
                .packetIo(new InMemoryPacketIo("mem0", mtu, 4096))
                .start();
        try {
            rig.connect();
            return new TunnelPingPong(rig, InetAddress.getByName("198.51.100.1"));
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
    }

    /** Collects each round trip's hops into {@code breakdown} (null: stops); only with one ping outstanding. */
    void trace(HopBreakdown breakdown) {
        this.trace = HopProbe.ENABLED ? breakdown : null;
    }

    @Override
    void send(int seq, int size) {
        byte[] payload = new byte[size - PAYLOAD_OFFSET];
        payload[0] = (byte) (seq >>> 24);
        payload[1] = (byte) (seq >>> 16);
        payload[2] = (byte) (seq >>> 8);
        payload[3] = (byte) seq;
        ByteBuf built = IpPacketBuilder.udp(source, target, 40000, 7, payload);
        // As a TUN reader leaves it: pooled, direct, with headroom for the datagram header.
        ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(size + PacketIo.HEADROOM);
        packet.writerIndex(PacketIo.HEADROOM).readerIndex(PacketIo.HEADROOM);
        packet.writeBytes(built);
        built.release();
        if (trace != null) {
            HopProbe.take(); // drops what came between the pings
            HopProbe.mark("ping sent");
        }
        io.inject(packet);
    }

    private void answer(ByteBuf packet) {
        HopBreakdown breakdown = trace;
        // Taken before the answer releases the sender, whose next ping starts the marks afresh.
        HopProbe.Marks marks = null;
        if (breakdown != null) {
            HopProbe.mark("answer at the device");
            marks = HopProbe.take();
        }
        try {
            if (packet.readableBytes() >= PAYLOAD_OFFSET + 4 && InternetChecksum.transportValid(packet)) {
                answered(packet.getInt(packet.readerIndex() + PAYLOAD_OFFSET));
            }
        } finally {
            packet.release();
        }
        if (marks != null) {
            breakdown.add(marks);
        }
    }

    @Override
    public void close() {
        rig.close();
    }
}
