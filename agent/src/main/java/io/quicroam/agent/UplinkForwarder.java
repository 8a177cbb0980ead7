package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.masque.ip.IcmpErrors;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.PacketSink;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.transport.DropReason;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The uplink: each packet read from the device goes into the tunnel on the path(s) carrying traffic, or is answered
 * with a Packet Too Big when the tunnel cannot carry it.
 *
 * <p>Threads: the device's reader (one at a time, {@link PacketIo}'s contract). It reads the carriers as a volatile
 * snapshot and never locks; its only state is the redundant copies' sequence counter (atomic).
 */
final class UplinkForwarder implements PacketSink {
    /** The room a sequence number may take in front of a redundant copy (the longest varint, RFC 9000 §16). */
    private static final int SEQUENCE_ROOM = 8;

    /** A path the uplink sends on. */
    interface Carrier {
        PathId id();

        /** Largest IP packet this path carries in one datagram. */
        int maxPacketSize();

        /** Sends a payload on a context of this path's stream; takes ownership. */
        void send(long contextId, ByteBuf payload);
    }

    private final IntSupplier mtu;
    private final Supplier<? extends Carrier[]> carriers;
    private final BooleanSupplier sequenced;
    private final ObjIntConsumer<PathId> trafficSent;
    private final PacketIo packetIo;
    private final AgentMetrics metrics;
    private final ByteBufAllocator alloc;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param mtu         the tunnel's MTU now (pinned, or following the paths)
     * @param carriers    the paths carrying traffic now, the first one preferred (a volatile snapshot)
     * @param sequenced   whether the session speaks quicroam's extension, so the gateway drops duplicate copies
     * @param trafficSent told the bytes sent on each path (the path manager's traffic accounting)
     */
    UplinkForwarder(IntSupplier mtu, Supplier<? extends Carrier[]> carriers, BooleanSupplier sequenced,
                    ObjIntConsumer<PathId> trafficSent, PacketIo packetIo, AgentMetrics metrics, ByteBufAllocator alloc) {
        this.mtu = mtu;
        this.carriers = carriers;
        this.sequenced = sequenced;
        this.trafficSent = trafficSent;
        this.packetIo = packetIo;
        this.metrics = metrics;
        this.alloc = alloc;
    }

    /** A packet read from the device: into the tunnel on the carrying path(s), or a Packet Too Big back. */
    @Override
    public void accept(ByteBuf packet) {
        Carrier[] targets = carriers.get();
        if (targets.length == 0) {
            packet.release();
            metrics.dropped(DropReason.NO_PATH);
            return;
        }
        if (IpPacket.malformedReason(packet) != null) {
            packet.release();
            metrics.dropped(DropReason.MALFORMED_PACKET);
            return;
        }
        Carrier first = targets[0];
        int limit = Math.min(mtu.getAsInt(), first.maxPacketSize() - (targets.length > 1 ? SEQUENCE_ROOM : 0));
        if (packet.readableBytes() > limit) {
            answerTooBig(packet, limit);
            return;
        }
        metrics.uplinkPackets.increment();
        metrics.uplinkBytes.increment(packet.readableBytes());
        if (targets.length == 1 || !sequenced.getAsBoolean()) {
            trafficSent.accept(first.id(), packet.readableBytes());
            first.send(HttpDatagram.IP_PACKET_CONTEXT_ID, packet);
            return;
        }
        // Redundant scheduler: every AVAILABLE path carries a sequenced copy; the gateway keeps the first.
        long next = sequence.getAndIncrement();
        for (Carrier target : targets) {
            ByteBuf copy = ExtensionDatagrams.sequenced(alloc, next, packet);
            trafficSent.accept(target.id(), packet.readableBytes());
            target.send(QuicroamExtension.SEQUENCED_IP_CONTEXT_ID, copy);
        }
        packet.release();
    }

    /**
     * RFC 9484 §10.1: a packet larger than the tunnel carries is answered with ICMP "fragmentation needed" /
     * ICMPv6 Packet Too Big, so the sender's path MTU discovery shrinks it (RFC 1191, RFC 8201).
     */
    private void answerTooBig(ByteBuf packet, int limit) {
        try {
            metrics.dropped(DropReason.OVERSIZE);
            if (!IcmpErrors.mayReportTooBig(packet)) {
                return;
            }
            ByteBuf icmp = IcmpErrors.tooBig(alloc, packet, limit, IpPacket.destination(packet));
            metrics.packetTooBigSent.increment();
            packetIo.write(icmp);
        } finally {
            packet.release();
        }
    }
}
