package io.quicroam.agent;

import io.netty.channel.Channel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.quicroam.masque.extension.QuicroamExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes for a proxy that echoes nothing (no quicroam extension: RFC 9484 §6 has it drop the probe's context): the
 * probe is an ack-eliciting packet (a DATAGRAM frame, RFC 9221 §5.2, or any STREAM frame), and it counts as answered
 * when the proxy's next authenticated packet arrives on the probed interface ({@link QuicProgress}).
 *
 * <p>Threads: probes are sent on the path manager's thread, answers heard on the event loop: the waiting probes are a
 * concurrent map, and the answer hops back onto the path manager's thread.
 */
final class ProgressProbes {
    /**
     * How long the proxy may hold the acknowledgement that answers a probe: max_ack_delay's default (RFC 9000 §18.2;
     * Kwik's ACKs say 19-20 ms). netty 4.2.18 reads the peer's transport parameters one slot off ({@link
     * Migration#forbiddenBy}), so the proxy's own value is not read.
     */
    static final Duration ACK_DELAY = Duration.ofMillis(25);
    /**
     * How long a probe goes unanswered before the next one also sends the connection's last datagram again
     * ({@link ReplayLast}): well above an RTT and the proxy's ACK delay on the networks traffic is carried on, so a
     * healthy path is not sent copies.
     */
    static final Duration REPLAY_AFTER = Duration.ofMillis(250);

    private final PathLifecycle paths;
    /** The probes waiting for the proxy's next packet, per interface. */
    private final WaitingProbes waiting = new WaitingProbes();
    /** When each interface's connection last sent its last datagram again ({@link #replayIfSilent}). */
    private final Map<String, Long> lastReplayNanos = new ConcurrentHashMap<>();
    /** The carrying connection's loss, read on the event loop before each of its probes. */
    private final UplinkLoss uplinkLoss = UplinkLoss.onCarrier();

    ProgressProbes(PathLifecycle paths) {
        this.paths = paths;
    }

    /**
     * Probes {@code path} with a datagram on its own connection: the proxy drops it, QUIC acknowledges it. While QUIC
     * itself declares a quarter of what it sends lost ({@link UplinkLoss}), the probe counts as lost unsent.
     */
    void sendOnTunnel(AgentPath path, long sequence) {
        TunnelPath tunnel = path.tunnel();
        QuicChannel connection = tunnel.connection();
        connection.collectStats().addListener(read -> {
            if (read.isSuccess()
                    && uplinkLoss.lossy(
                            connection,
                            path.interfaceName(),
                            (QuicConnectionStats) read.getNow(),
                            paths.time().nanos())) {
                return;
            }
            replayIfSilent(path.interfaceName(), connection.parent());
            sent(path, sequence);
            tunnel.send(QuicroamExtension.PROBE_CONTEXT_ID, ExtensionDatagrams.probe(paths.alloc(), sequence));
        });
    }

    /** Probe {@code sequence} on {@code path} was sent some other way; it waits for the next packet. */
    void sent(AgentPath path, long sequence) {
        waiting.sent(
                path.interfaceName(),
                new WaitingProbes.Probe(path.id(), sequence),
                paths.time().nanos());
    }

    /**
     * A probe on {@code interfaceName} has gone unanswered for {@link #REPLAY_AFTER}: the connection on {@code socket}
     * sends its last datagram again, which the proxy acknowledges at once if the network is back, however far quiche
     * has backed off its own probe timeout.
     */
    void replayIfSilent(String interfaceName, Channel socket) {
        ReplayLast replay = ReplayLast.on(socket);
        long now = paths.time().nanos();
        long due = now - REPLAY_AFTER.toNanos();
        if (replay == null || !waiting.unansweredSince(interfaceName, due)) {
            return;
        }
        // At most one per REPLAY_AFTER: the carrier is probed every 50 ms of silence, and a long outage needs no more.
        Long last = lastReplayNanos.get(interfaceName);
        if (last == null || last - due <= 0) {
            lastReplayNanos.put(interfaceName, now);
            replay.replay();
        }
    }

    /** Whether a probe sent on {@code interfaceName} at or before {@code nanos} still waits for its answer. */
    boolean unansweredSince(String interfaceName, long nanos) {
        return waiting.unansweredSince(interfaceName, nanos);
    }

    /**
     * The proxy's authenticated packets arrived on {@code interfaceName} (event loop): its probes are answered. Handed
     * straight to the path manager, which queues the answer onto its thread: a hop onto that thread first (to look
     * the path up) queued the answer behind the probe's timeout whenever the thread was busy when the packet came, and
     * a probe answered in time counted lost (flapping, seed 2: 52-140 ms between the packet and its loss).
     */
    void heardOn(String interfaceName) {
        for (WaitingProbes.Probe probe : waiting.heardOn(interfaceName)) {
            paths.pathManager().probeAnswered(probe.path(), probe.sequence());
        }
    }
}
