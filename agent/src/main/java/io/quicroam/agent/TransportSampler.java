package io.quicroam.agent;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionPathStats;
import io.quicroam.pathmanager.PathManager;
import io.quicroam.pathmanager.health.TransportSample;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads what QUIC knows of each path (smoothed RTT, packets sent and lost, bytes sent, delivery rate: quiche's path
 * statistics, RFC 9002) and hands it to the path manager as a {@link TransportSample}, which judges whether the path
 * fades. The path carrying traffic is read every {@link #CARRYING}, the others every {@link #STANDBY}: what they
 * carry is probes, which say little. While the tunnel is idle (no user traffic, {@link PathManager#trafficActive()})
 * there is no fade to see and every path is read every {@link #IDLE} only, until traffic resumes; then the carrying
 * path is read at once. A connection several paths share (migrate mode: one connection moved beneath
 * QUIC) is read once, for the path carrying traffic, since its figures are that path's.
 *
 * <p>Threads: the path manager's thread (its {@link TimeSource}); statistics are read on each connection's event
 * loop and handed straight to the path manager, which queues them onto its thread.
 */
final class TransportSampler {
    /** The carrying path: often enough that a fade is seen within a few hundred milliseconds. */
    static final Duration CARRYING = Duration.ofMillis(100);
    /** Other paths. */
    static final Duration STANDBY = Duration.ofSeconds(1);
    /**
     * Every path while the tunnel is idle: its figures move only with the standby probes (one exchange every 25 s),
     * and a few samples per RTT baseline window (30 s) keep the baseline known for when traffic resumes.
     */
    static final Duration IDLE = Duration.ofSeconds(5);

    /** quiche keeps a handful of paths per connection at most; further indices are not looked at. */
    private static final int MAX_PATHS = 4;

    private final TimeSource time;
    private final PathTable table;
    private final PathManager pathManager;
    private final Map<AgentPath, Long> lastRead = new HashMap<>();
    /** Each connection's counters, charged to the interface that carried them (migrate mode moves one connection). */
    private final Map<QuicChannel, MovedCounters> counters = new ConcurrentHashMap<>();

    private Cancellable next; // null before start and after stop

    TransportSampler(TimeSource time, PathTable table, PathManager pathManager) {
        this.time = time;
        this.table = table;
        this.pathManager = pathManager;
    }

    void start() {
        tick();
    }

    void stop() {
        if (next != null) {
            next.cancel();
            next = null;
        }
    }

    /** Traffic after an idle spell: the carrying path is read now and every {@link #CARRYING} from here on. */
    void trafficResumed() {
        if (next != null) {
            next.cancel();
            tick();
        }
    }

    private void tick() {
        long now = time.nanos();
        boolean active = pathManager.trafficActive();
        Set<TunnelPath> read = Collections.newSetFromMap(new IdentityHashMap<>());
        lastRead.keySet().retainAll(table.all());
        Set<QuicChannel> open = Collections.newSetFromMap(new IdentityHashMap<>());
        table.all().stream()
                .map(AgentPath::tunnel)
                .filter(tunnel -> tunnel != null && tunnel.connection() != null)
                .forEach(tunnel -> open.add(tunnel.connection()));
        counters.keySet().retainAll(open);
        for (AgentPath path : new ArrayList<>(table.all())) {
            // The carrier's connection is its own to read even when it is not due: a standby sharing it must not.
            if (path.tunnel() != null
                    && path.role() == PathRole.AVAILABLE
                    && read.add(path.tunnel())
                    && (active || due(path, now))) {
                sample(path, now);
            }
        }
        for (AgentPath path : new ArrayList<>(table.all())) {
            TunnelPath tunnel = path.tunnel();
            if (tunnel != null && due(path, now) && read.add(tunnel)) {
                sample(path, now);
            }
        }
        next = time.schedule(active ? CARRYING : IDLE, this::tick);
    }

    private boolean due(AgentPath path, long now) {
        return now - lastRead.getOrDefault(path, Long.MIN_VALUE / 2) >= STANDBY.toNanos();
    }

    private void sample(AgentPath path, long now) {
        lastRead.put(path, now);
        QuicChannel connection = path.tunnel().connection();
        if (connection != null) { // an HTTP/2 path has no QUIC figures: its probes alone judge it
            readActive(path, connection, 0);
        }
    }

    /**
     * Reads the connection's paths from {@code index} on until the active one: a connection that migrated keeps its
     * old path in quiche's list for a while, and only the active one's figures are the carrying path's.
     */
    private void readActive(AgentPath path, QuicChannel connection, int index) {
        connection.collectPathStats(index).addListener(read -> {
            if (!read.isSuccess() || !(read.getNow() instanceof QuicConnectionPathStats stats)) {
                return; // no such path (any more), or the connection closed: nothing to judge
            }
            if (stats.active()) {
                TransportSample sample = counters.computeIfAbsent(connection, c -> new MovedCounters())
                        .charge(path.interfaceName(), sampleOf(stats), time.nanos());
                pathManager.transportSample(path.id(), sample);
            } else if (index + 1 < MAX_PATHS) {
                readActive(path, connection, index + 1);
            }
        });
    }

    static TransportSample sampleOf(QuicConnectionPathStats stats) {
        // quiche reports the path's RTT in nanoseconds, its delivery rate in bytes per second, its window in bytes.
        return new TransportSample(
                stats.rtt(), stats.sent(), stats.lost(), stats.sentBytes(), stats.deliveryRate(), stats.cwnd());
    }
}
