package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.masque.ip.IcmpReplies;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.PacketSink;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.HopProbe;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.ObjIntConsumer;
import java.util.function.Supplier;

/**
 * The uplink: each packet read from the device goes into the tunnel on the path(s) carrying traffic, its hop limit
 * decremented, or is answered with ICMP into the device: Packet Too Big when the tunnel cannot carry it, Time Exceeded
 * when its hop limit runs out.
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
    private final UplinkRules rules;
    private final Supplier<? extends Carrier[]> carriers;
    private final BooleanSupplier sequenced;
    private final ObjIntConsumer<PathId> trafficSent;
    private final PacketIo packetIo;
    private final AgentMetrics metrics;
    private final IcmpReplies icmp;
    private final ByteBufAllocator alloc;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param mtu         the tunnel's MTU now (pinned, or following the paths)
     * @param rules       what the proxy's assignment allows to be sent (sources, protocol-limited routes)
     * @param carriers    the paths carrying traffic now, the first one preferred (a volatile snapshot)
     * @param sequenced   whether the session speaks quicroam's extension, so the gateway drops duplicate copies
     * @param trafficSent told the bytes sent on each path (the path manager's traffic accounting)
     * @param icmp        the errors written back into the device
     */
    UplinkForwarder(
            IntSupplier mtu,
            UplinkRules rules,
            Supplier<? extends Carrier[]> carriers,
            BooleanSupplier sequenced,
            ObjIntConsumer<PathId> trafficSent,
            PacketIo packetIo,
            AgentMetrics metrics,
            IcmpReplies icmp,
            ByteBufAllocator alloc) {
        this.mtu = mtu;
        this.rules = rules;
        this.carriers = carriers;
        this.sequenced = sequenced;
        this.trafficSent = trafficSent;
        this.packetIo = packetIo;
        this.metrics = metrics;
        this.icmp = icmp;
        this.alloc = alloc;
    }

    /** A packet read from the device: into the tunnel on the carrying path(s), or a Packet Too Big back. */
    @Override
    public void accept(ByteBuf packet) {
        HopProbe.mark("agent device read");
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
        DropReason refused = rules.check(packet);
        if (refused != null) {
            // RFC 9484 §4.7.1, §4.7.3: the proxy would drop it; tell the sender (RFC 4443 §3.1, RFC 1812 §5.2.7.1).
            refuse(packet, refused, icmp.prohibited(packet));
            return;
        }
        Carrier first = targets[0];
        int limit = Math.min(mtu.getAsInt(), first.maxPacketSize() - (targets.length > 1 ? SEQUENCE_ROOM : 0));
        if (packet.readableBytes() > limit) {
            // RFC 9484 §10.1: too big for the tunnel; the sender's path MTU discovery shrinks it (RFC 1191, RFC 8201).
            refuse(packet, DropReason.OVERSIZE, icmp.tooBig(packet, limit));
            return;
        }
        // No hop-limit decrement here: RFC 9484 §7.2 exempts packets the endpoint generates itself, and every
        // uplink packet is the laptop's own (its source is the session's address, §8); a packet the laptop routes
        // for others was decremented by its kernel on the way into the TUN. Decrementing again would make the
        // laptop's own traceroute show a hop that is not there.
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

    /** Drops {@code packet}, counted by {@code reason}, and writes the ICMP error about it (if any) into the device. */
    private void refuse(ByteBuf packet, DropReason reason, ByteBuf error) {
        packet.release();
        metrics.dropped(reason);
        if (error != null && !packetIo.write(error)) {
            metrics.dropped(DropReason.QUEUE_FULL);
        }
    }
}
