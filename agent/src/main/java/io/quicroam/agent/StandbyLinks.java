package io.quicroam.agent;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http3.DefaultHttp3UnknownFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionStats;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Migrate mode's measuring sticks (#13 goal 3): a light QUIC connection to the same proxy on each standby interface
 * (handshake, HTTP/3 control streams and SETTINGS; no CONNECT-IP request, so no session and no address), so that a
 * standby path's reachability and RTT are known before the one connection moves there. Moving it onto a path nobody
 * tested is what made this mode flap on a captive Wi-Fi.
 *
 * <p>A probe is a reserved HTTP/3 frame on the light connection's control stream: a STREAM frame, so QUIC
 * acknowledges it (RFC 9000 §13.2.1), and a frame type the proxy must ignore (RFC 9114 §7.2.8, §9). netty's QUIC has
 * no PING of its own to send (quiche's {@code send_ack_eliciting} is not bound). The probe is answered by the proxy's
 * next authenticated packet on that connection ({@link ProgressProbes}); until the handshake completes, probes are
 * lost, so a network that passes nothing never becomes a path traffic may move to. A connection that ended (its idle
 * timeout, a network that went away) is opened afresh on the next probe.
 *
 * <p>Threads: the path manager's thread; the connections live on the agent's event loop.
 */
final class StandbyLinks {
    private static final Logger log = LoggerFactory.getLogger(StandbyLinks.class);
    /** A reserved frame type (0x1f * N + 0x21, RFC 9114 §7.2.8); netty's codec accepts N >= 1. */
    private static final long RESERVED_FRAME_TYPE = 0x1f + 0x21;

    private final PathLifecycle paths;
    private final ProgressProbes probes;
    /** Each interface's light connection, open or opening. */
    private final Map<String, CompletableFuture<QuicChannel>> links = new HashMap<>();
    /** When each interface's light connection last made authenticated progress (path manager's clock). */
    private final Map<String, Long> heardNanos = new ConcurrentHashMap<>();
    /** Each interface's uplink loss on its light connection (its connection's event loop). */
    private final Map<String, UplinkLoss> uplinkLoss = new ConcurrentHashMap<>();
    /** Told each interface whose light connection made progress (event loop). */
    private final Consumer<String> heard;

    StandbyLinks(PathLifecycle paths, ProgressProbes probes, Consumer<String> heard) {
        this.paths = paths;
        this.probes = probes;
        this.heard = heard;
    }

    /** When {@code interfaceName}'s light connection last made progress (path manager's clock), or null. */
    Long heardNanos(String interfaceName) {
        return heardNanos.get(interfaceName);
    }

    private void heard(String interfaceName) {
        heardNanos.put(interfaceName, paths.time().nanos());
        probes.heardOn(interfaceName);
        heard.accept(interfaceName);
    }

    /**
     * Probes standby {@code path} over its light connection, opening one if there is none: a probe sent while it opens
     * is answered by the completed handshake (the proxy's authenticated packets), so opening costs no lost probes.
     */
    void probe(AgentPath path, long sequence) {
        String name = path.interfaceName();
        CompletableFuture<QuicChannel> link = links.get(name);
        // An open that failed is opened again by ping below; getNow would throw its failure here, and did: the
        // standby was never measured again (its probes failed in the path manager, with a stack trace each).
        QuicChannel connection = link == null || link.isCompletedExceptionally() ? null : link.getNow(null);
        if (connection == null) {
            probes.sent(path, sequence);
            ping(path);
            return;
        }
        probes.replayIfSilent(name, connection.parent());
        // Any packet of the proxy's answers every waiting probe, so a network that loses a third of what the laptop
        // sends answers nearly all of them: QUIC's own loss count says what the probes cannot (UplinkLoss).
        connection.collectStats().addListener(read -> {
            boolean lossy = read.isSuccess()
                    && uplinkLoss
                            .computeIfAbsent(name, n -> UplinkLoss.onStandby())
                            .lossy(
                                    connection,
                                    name,
                                    (QuicConnectionStats) read.getNow(),
                                    paths.time().nanos());
            paths.time().execute(() -> {
                if (!lossy) { // a lossy uplink's probe counts as lost unsent
                    probes.sent(path, sequence);
                    ping(path);
                }
            });
        });
    }

    /**
     * Asks {@code path}'s interface for the proxy's packets over its light connection (opening one if there is none);
     * they arrive as the {@code heard} callback. Also for the carrying interface, whose network a move may doubt.
     */
    void ping(AgentPath path) {
        String name = path.interfaceName();
        CompletableFuture<QuicChannel> link = links.get(name);
        if (link == null
                || link.isCompletedExceptionally()
                || (link.isDone() && !link.join().isActive())) {
            links.put(name, open(path));
            return;
        }
        QuicChannel connection = link.getNow(null);
        QuicStreamChannel control = connection == null ? null : Http3.getLocalControlStream(connection);
        if (control == null) {
            return; // still opening: the handshake answers
        }
        control.writeAndFlush(new DefaultHttp3UnknownFrame(RESERVED_FRAME_TYPE, Unpooled.EMPTY_BUFFER));
    }

    private CompletableFuture<QuicChannel> open(AgentPath path) {
        String name = path.interfaceName();
        PathEndpoints endpoints = paths.table().endpoints();
        CompletableFuture<QuicChannel> link = paths.client()
                .openLight(
                        endpoints.local(path.ni(), path.id().local()),
                        endpoints.device(path.ni()),
                        path.id().gateway());
        // Bounded like a path's open: a handshake into a silent network is given up and tried at the next probe.
        paths.time().schedule(PathLifecycle.OPEN_TIMEOUT, () -> link.completeExceptionally(new OpenTimedOut()));
        link.whenComplete((connection, failure) -> {
            if (connection != null) {
                connection
                        .parent()
                        .pipeline()
                        .addFirst(
                                "quic-progress",
                                QuicProgress.onSocketOf(connection, path.id().gateway(), () -> heard(name)))
                        .addFirst("replay", new ReplayLast());
                heard(name);
            } else {
                log.debug("{}: no light connection to the proxy ({})", name, failure.toString());
            }
        });
        return link;
    }

    /** Closes {@code interfaceName}'s light connection, if any. */
    void close(String interfaceName) {
        heardNanos.remove(interfaceName);
        uplinkLoss.remove(interfaceName);
        CompletableFuture<QuicChannel> link = links.remove(interfaceName);
        if (link != null && !link.completeExceptionally(new OpenTimedOut())) {
            QuicChannel connection = link.getNow(null);
            if (connection != null) {
                connection.close();
            }
        }
    }

    void closeAll() {
        for (String name : Map.copyOf(links).keySet()) {
            close(name);
        }
    }

    /** An open that took too long, or was no longer wanted. */
    private static final class OpenTimedOut extends Exception {
        OpenTimedOut() {
            super("light connection not open in time", null, false, false);
        }
    }
}
