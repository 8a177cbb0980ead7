package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.extension.DuplicateFilter;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.PathManager;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.HopProbe;
import io.quicroam.transport.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downlink: each datagram from the proxy goes by its context to the device (an IP packet that passes the
 * {@link DownlinkFilter}, or the first copy of a sequenced one) or to the path manager (a probe's echo).
 *
 * <p>Threads: the paths' event loops, concurrently. It reads the session and the carriers as volatile snapshots and
 * never locks; the duplicate filter is its only state.
 */
final class DownlinkDispatcher {
    private static final Logger log = LoggerFactory.getLogger(DownlinkDispatcher.class);
    /** What the proxy should never send: said once a minute at most, the counters say the rest. */
    private static final RateLimitedLog REFUSED = RateLimitedLog.perMinute();

    private final PathManager pathManager;
    private final HandoverLog handovers;
    private final Carriers carriers;
    private final Session session;
    private final DownlinkFilter filter;
    private final PacketIo packetIo;
    private final AgentMetrics metrics;
    private final DuplicateFilter duplicates = new DuplicateFilter();

    DownlinkDispatcher(
            PathManager pathManager,
            HandoverLog handovers,
            Carriers carriers,
            Session session,
            DownlinkFilter filter,
            PacketIo packetIo,
            AgentMetrics metrics) {
        this.pathManager = pathManager;
        this.handovers = handovers;
        this.carriers = carriers;
        this.session = session;
        this.filter = filter;
        this.packetIo = packetIo;
        this.metrics = metrics;
    }

    /** A datagram from the proxy on {@code path}. Takes ownership. */
    void dispatch(AgentPath path, long contextId, ByteBuf payload) {
        if (contextId != QuicroamExtension.PROBE_CONTEXT_ID) {
            // User traffic only: a probe's echo is proof of life (probeAnswered), not traffic; counted as traffic, it
            // would keep an idle tunnel's carrying path probed fast for ever (TrafficActivity).
            pathManager.trafficReceived(path.id(), payload.readableBytes());
        }
        if (path == carriers.primary()) {
            handovers.firstPacketOnCarrier();
        }
        if (contextId == HttpDatagram.IP_PACKET_CONTEXT_ID) {
            deliver(payload);
        } else if (contextId == QuicroamExtension.SEQUENCED_IP_CONTEXT_ID && session.extended()) {
            long sequence = VarInt.read(payload);
            if (sequence >= 0 && duplicates.firstTime(sequence)) {
                deliver(payload);
            } else {
                payload.release();
            }
        } else if (contextId == QuicroamExtension.PROBE_CONTEXT_ID && session.extended()) {
            long sequence = VarInt.read(payload);
            payload.release();
            if (sequence >= 0) {
                pathManager.probeAnswered(path.id(), sequence);
            }
        } else {
            payload.release();
            metrics.dropped(DropReason.UNKNOWN_CONTEXT); // RFC 9484 §6
        }
    }

    private void deliver(ByteBuf packet) {
        DropReason drop = filter.check(packet);
        if (drop != null) {
            packet.release();
            metrics.dropped(drop);
            long suppressed = REFUSED.tryLog();
            if (suppressed >= 0) {
                log.warn(
                        "dropped a packet the proxy sent: counted under drops{reason={}}, {} more since the last "
                                + "such line",
                        drop.tag(),
                        suppressed);
            }
            return;
        }
        metrics.downlinkPackets.increment();
        metrics.downlinkBytes.increment(packet.readableBytes());
        HopProbe.mark("agent device write");
        if (!packetIo.write(packet)) {
            metrics.dropped(DropReason.QUEUE_FULL);
        }
    }
}
