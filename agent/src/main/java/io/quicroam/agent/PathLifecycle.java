package io.quicroam.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.PathManager;
import io.quicroam.pathmanager.PathManagerListener;
import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paths' lives: opens them as the mode wants, classifies why one did not open and tries again with backoff,
 * closes them, notices when one is lost, and follows the path manager's decisions. It is the path manager's listener;
 * what differs between the modes is asked of the {@link CarryMode}.
 *
 * <p>Threads: everything here runs on the path manager's thread (its {@link TimeSource}); the paths' event-loop
 * callbacks hop onto it, except datagrams, which go straight to the {@link DownlinkDispatcher}.
 */
final class PathLifecycle implements PathManagerListener, AgentPath.Events {
    private static final Logger log = LoggerFactory.getLogger(PathLifecycle.class);
    /**
     * How long one attempt to open a path may take to send its request (QUIC handshake, the proxy's SETTINGS) before a
     * fresh one replaces it (an attempt whose request went out waits {@link #ANSWER_TIMEOUT} more for the answer).
     * Without it, a handshake begun during an outage waits for QUIC's idle timeout; with it, a network that comes back
     * is used within about a second: quiche resends the Initial after its first PTO (about 1 s at its 333 ms initial
     * RTT, RFC 9002 §6.2.2), and the next attempt follows at 2 s. A network whose handshake and SETTINGS take longer
     * than this cannot open a path.
     */
    static final Duration OPEN_TIMEOUT = Duration.ofSeconds(2);
    /** Once its request went out, how much longer an open attempt waits for the proxy's answer to it. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(8);
    /**
     * How long an HTTP/2 tunnel a path left for QUIC stays open: what the gateway sent on it before it heard the new
     * roles still arrives (a round trip on a slow network).
     */
    static final Duration DRAIN = Duration.ofSeconds(1);

    private final PathTable table;
    private final Session session;
    private final DeviceSetup setup;
    private final ConnectIpClient client;
    private final PathOpener opener;
    private final TimeSource time;
    private final EventLoopGroup group;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final PathStatusAnnouncer announcer = new PathStatusAnnouncer();
    private final ReopenBackoff backoff;
    private final OpenFailures failures;
    private final FirstOpenTurns turns = new FirstOpenTurns();
    private final OutageOpens outage = new OutageOpens();
    private final Carriers carriers;
    private final PathManager pathManager;
    private final DownlinkDispatcher downlink;
    private final CarryMode mode;
    private final MtuWatch mtuWatch;
    private final TransportSampler transportSampler;
    /** Told whenever what {@code status} shows of the paths may have changed: opened, closed, role, state. */
    private final Runnable pathsChanged;

    private final QuicReturn quicReturn;
    /** The path manager's last decision: told again when a path's gateway ID changes under it. */
    private PathDecision lastDecision;

    private boolean opening;
    private boolean closed;

    PathLifecycle(
            AgentConfig config,
            MeterRegistry registry,
            PathTable table,
            Session session,
            HandoverLog handovers,
            DeviceSetup setup,
            ConnectIpClient client,
            PathOpener opener,
            TimeSource time,
            EventLoopGroup group,
            PacketIo packetIo,
            AgentMetrics metrics,
            TunnelMtu tunnelMtu,
            Consumer<String> noPathFits,
            Runnable pathsChanged) {
        this.table = table;
        this.pathsChanged = pathsChanged;
        this.session = session;
        this.setup = setup;
        this.client = client;
        this.opener = opener;
        this.time = time;
        this.group = group;
        this.backoff = new ReopenBackoff(time);
        this.failures = new OpenFailures(session, setup);
        this.carriers = new Carriers(handovers, this::carrierMoved);
        this.pathManager = new PathManager(config.paths(), time, registry, this);
        this.downlink = new DownlinkDispatcher(
                pathManager, handovers, carriers, session, new DownlinkFilter(setup::assignment), packetIo, metrics);
        this.mode = CarryMode.of(config.mode(), this);
        this.mtuWatch = new MtuWatch(time, table, pathManager, tunnelMtu, noPathFits);
        this.transportSampler = new TransportSampler(time, table, pathManager);
        this.quicReturn = new QuicReturn(time, this::quicHandshake, this::backToQuic);
    }

    /** Starts following the paths' MTUs and their transport's figures. */
    void start() {
        time.execute(() -> {
            mtuWatch.start();
            transportSampler.start();
        });
    }

    // ---- for the agent and the modes ----

    PathManager pathManager() {
        return pathManager;
    }

    /**
     * {@code id}'s role in the path manager's last decision, or null. A path it closed (its interface lost its carrier
     * or address) is ABANDON there while it is still in the table: the agent closes it only after that decision.
     */
    PathRole lastRole(PathId id) {
        return lastDecision == null ? null : lastDecision.roleOf(id);
    }

    PathTable table() {
        return table;
    }

    Carriers carriers() {
        return carriers;
    }

    Session session() {
        return session;
    }

    TimeSource time() {
        return time;
    }

    EventLoopGroup group() {
        return group;
    }

    ConnectIpClient client() {
        return client;
    }

    ByteBufAllocator alloc() {
        return alloc;
    }

    /** Whether the agent is closing: nothing opens any more. */
    boolean closing() {
        return closed;
    }

    /** The usable interfaces no retry is pending on: where the mode may open paths now. */
    List<NetInterface> openableInterfaces() {
        List<NetInterface> interfaces = table.usableInterfaces();
        interfaces.removeIf(ni -> backoff.waiting(ni.name()));
        return turns.order(interfaces);
    }

    /** A path for {@code candidate} that reports here; not yet in the table. */
    AgentPath newPath(PathTable.Candidate candidate) {
        return new AgentPath(candidate.id(), candidate.ni(), this);
    }

    /** Opens the paths the mode wants on the usable interfaces. */
    void openWhatIsMissing() {
        if (closed || opening) {
            return; // the first path of a session opens alone: the others join with its token
        }
        mode.openWhatIsMissing();
    }

    /** Opens a connection (QUIC, HTTP/2: {@link PathOpener}) and a CONNECT-IP stream for {@code candidate}. */
    void open(PathTable.Candidate candidate) {
        AgentPath path = newPath(candidate);
        table.put(path);
        boolean first = !session.extended();
        opening = first;
        PathEndpoints endpoints = table.endpoints();
        Map<String, String> headers = mode.requestHeaders(session.token());
        String joinToken = headers.get(QuicroamExtension.JOIN); // what this request presents, if it joins
        CompletableFuture<TunnelPath> attempt = opener.open(
                candidate.ni().name(),
                endpoints.local(candidate.ni(), candidate.address()),
                endpoints.device(candidate.ni()),
                candidate.id().gateway(),
                headers,
                path,
                () -> outage.hurry(time.nanos()));
        // Failing the attempt closes its connection and socket (ConnectIpClient); a late tunnel is closed in opened().
        time.schedule(opener.timeout(candidate.ni().name(), OPEN_TIMEOUT), () -> {
            if (!path.requestSent()) {
                // No handshake, or no SETTINGS from the proxy (RFC 9220 §3: no extended CONNECT before them): the
                // proxy saw no request, so a fresh attempt costs it nothing.
                attempt.completeExceptionally(new OpenFailures.OpenTimedOut());
                return;
            }
            // The network carries and the request is out: a slow proxy is waited for, not asked again. Asking again
            // would make it open a second session while the first one's answer may still be on its way.
            time.schedule(ANSWER_TIMEOUT, () -> attempt.completeExceptionally(new OpenFailures.OpenTimedOut()));
        });
        attempt.whenComplete((tunnel, failure) -> time.execute(() -> {
            if (first) {
                opening = false;
            }
            opened(path, tunnel, failure, joinToken, first);
        }));
    }

    /**
     * {@code path}'s connection cannot carry on (it FAILED while its interface is still usable: e.g. a NAT rebind the
     * gateway's QUIC could not follow): a new connection replaces it at once, joining the same session.
     */
    void replace(AgentPath path) {
        reopen(path, "path failed; replacing its connection");
    }

    /**
     * An {@code auto} path on HTTP/2 whose interface passes QUIC again ({@link QuicReturn}): make before break — a QUIC
     * tunnel from the same interface joins the session beside it and takes the path over once open, and only then
     * does the HTTP/2 one close, so traffic never waits. A session that cannot be joined (no extension) would get a
     * second session and address that way: its path is reopened over QUIC instead.
     */
    private void backToQuic(AgentPath path) {
        Map<String, String> headers = mode.requestHeaders(session.token());
        if (!headers.containsKey(QuicroamExtension.JOIN)) {
            reopen(path, "QUIC passes again; the path moves from HTTP/2 back to QUIC");
            return;
        }
        if (!table.holds(path) || !table.isUsable(path.interfaceName())) {
            return;
        }
        PathEndpoints endpoints = table.endpoints();
        CompletableFuture<TunnelPath> quic = client.open(
                endpoints.local(path.ni(), path.id().local()),
                endpoints.device(path.ni()),
                path.id().gateway(),
                headers,
                path);
        time.schedule(
                OPEN_TIMEOUT.plus(ANSWER_TIMEOUT), () -> quic.completeExceptionally(new OpenFailures.OpenTimedOut()));
        quic.whenComplete((tunnel, failure) -> time.execute(() -> movedToQuic(path, tunnel, failure)));
    }

    private void movedToQuic(AgentPath path, TunnelPath quic, Throwable failure) {
        if (failure != null || closed || !table.holds(path)) {
            if (quic != null) {
                quic.close();
            }
            if (failure != null && table.holds(path)) {
                quicReturn.watch(path); // tried again, behind the HTTP/2 tunnel that still carries
            }
            return;
        }
        TunnelPath http2 = path.tunnel();
        path.tunnel(quic);
        announcer.opened(path.id(), quic.gatewayPathId());
        if (lastDecision != null) {
            // The gateway learns the QUIC path's role and the HTTP/2 one's ABANDON now, not at the next decision,
            // and sends the downlink over QUIC before the HTTP/2 tunnel closes.
            announcer.announce(lastDecision, session, table.all());
        }
        log.info("{}: QUIC passes again; the path moved from HTTP/2 to QUIC", path.interfaceName());
        mtuWatch.opened(path);
        pathsChanged.run();
        time.schedule(DRAIN, http2::close);
    }

    private void reopen(AgentPath path, String why) {
        if (!table.holds(path) || !table.isUsable(path.interfaceName())) {
            return;
        }
        log.info("{}: {}", path.interfaceName(), why);
        close(path);
        openWhatIsMissing();
    }

    /** A QUIC handshake (no request) from {@code path}'s interface to its proxy, bounded like an open. */
    private CompletableFuture<QuicChannel> quicHandshake(AgentPath path) {
        PathEndpoints endpoints = table.endpoints();
        CompletableFuture<QuicChannel> handshake = client.openLight(
                endpoints.local(path.ni(), path.id().local()),
                endpoints.device(path.ni()),
                path.id().gateway());
        time.schedule(OPEN_TIMEOUT, () -> handshake.completeExceptionally(new OpenFailures.OpenTimedOut()));
        return handshake;
    }

    /** Closes {@code path} and lets the others carry on. */
    void close(AgentPath path) {
        quicReturn.forget(path);
        outage.gone(path.id(), time.nanos());
        table.remove(path.id());
        pathManager.pathClosed(path.id());
        mode.close(path);
        carriers.drop(path, table.all());
        mtuWatch.closed();
        pathsChanged.run();
    }

    /**
     * Tells the path manager {@code id} is open. Without quicroam's extension nobody echoes probes: the proxy's
     * acknowledgements answer them ({@link ProgressProbes}), and the proxy may hold those back.
     */
    void pathOpened(PathId id) {
        outage.opened(id);
        pathManager.pathOpened(id);
        pathsChanged.run();
        if (!session.extended()) {
            pathManager.answerDelay(id, ProgressProbes.ACK_DELAY);
        }
    }

    /**
     * Replaces the session: every path closes and the paths open again as a new session (the bearer token changed;
     * the gateway ends the sessions of a changed token, RFC 9484 leaves the rest to it). Not when closing.
     */
    void renewSession(String why) {
        time.execute(() -> {
            if (closed) {
                return;
            }
            log.info("{}: replacing the session", why);
            for (AgentPath path : new ArrayList<>(table.all())) {
                close(path);
            }
            session.forget();
            openWhatIsMissing();
        });
    }

    /** Closes every path for good; completes on the path manager's thread once done. */
    CompletableFuture<Void> closeAll() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        time.execute(() -> {
            closed = true;
            mtuWatch.stop();
            transportSampler.stop();
            for (AgentPath path : new ArrayList<>(table.all())) {
                close(path);
            }
            mode.closeAll();
            done.complete(null);
        });
        return done;
    }

    private void opened(AgentPath path, TunnelPath tunnel, Throwable failure, String joinToken, boolean first) {
        String name = path.interfaceName();
        if (failure != null || closed || !table.holds(path)) {
            if (tunnel != null) {
                tunnel.close();
            }
            if (table.holds(path)) {
                table.remove(path.id());
            }
            if (first && OpenFailures.timedOut(failure)) {
                turns.unanswered(name); // a silent network must not hold the session back from the others
            }
            if (table.isUsable(name)) {
                backoff.schedule(name, failures.retry(name, failure), this::openWhatIsMissing);
            }
            openWhatIsMissing(); // the first path failed: another interface may open the session
            return;
        }
        path.tunnel(tunnel);
        announcer.opened(path.id(), tunnel.gatewayPathId());
        backoff.reset(name);
        turns.sessionOpened();
        boolean newSession = session.opened(joinToken, tunnel.sessionToken());
        String bonded = tunnel.sessionToken() != null ? " (bonded session)" : "";
        log.info("{}: path open over {}{}", name, tunnel.transport(), bonded);
        if (opener.http2InsteadOfQuic(name, tunnel)) {
            quicReturn.watch(path);
        }
        pathOpened(path.id());
        mtuWatch.opened(path);
        carriers.opened(path, newSession ? "reconnect" : "path-reopened");
        mode.opened(path, tunnel);
        openWhatIsMissing();
    }

    private void carrierMoved(AgentPath next) {
        mode.carrierMoved(next);
    }

    // ---- the paths' reports (event loops) ----

    @Override
    public void assigned(List<AssignedAddress> addresses) {
        time.execute(() -> setup.assigned(addresses));
    }

    @Override
    public void routed(List<IpAddressRange> ranges) {
        time.execute(() -> setup.routed(ranges));
    }

    @Override
    public void datagram(AgentPath path, long contextId, ByteBuf payload) {
        downlink.dispatch(path, contextId, payload);
    }

    @Override
    public void closed(AgentPath path, String why) {
        time.execute(() -> lost(path, why));
    }

    private void lost(AgentPath reported, String why) {
        // A migrated connection reports through the path it opened on, which left the table with its interface.
        AgentPath path = table.holderOf(reported);
        if (path == null) {
            return; // we closed it
        }
        log.info("{}: path lost ({})", path.interfaceName(), why);
        quicReturn.forget(path);
        outage.gone(path.id(), time.nanos());
        mode.lost(path);
        table.remove(path.id());
        pathManager.pathClosed(path.id());
        carriers.drop(path, table.all());
        mtuWatch.closed();
        pathsChanged.run();
        if (table.isUsable(path.interfaceName())) {
            backoff.schedule(path.interfaceName(), ReopenBackoff.Cause.SILENCE, this::openWhatIsMissing);
        }
        openWhatIsMissing();
    }

    // ---- the path manager's callbacks ----

    @Override
    public void interfaceUsable(NetInterface ni) {
        table.usable(ni);
        mode.interfaceUsable(ni.name());
        openWhatIsMissing();
    }

    @Override
    public void interfaceUnusable(NetInterface ni, String reason) {
        table.unusable(ni.name());
        for (AgentPath path : new ArrayList<>(table.all())) {
            if (path.interfaceName().equals(ni.name())) {
                log.info("{}: closing its path ({})", ni.name(), reason);
                close(path);
            }
        }
        openWhatIsMissing();
    }

    @Override
    public void pathState(PathId id, PathState state) {
        AgentPath path = table.get(id);
        if (path != null) {
            outage.state(id, state, time.nanos());
            mode.pathState(path, state);
        }
        pathsChanged.run();
    }

    @Override
    public void sendProbe(PathId id, long sequence) {
        AgentPath path = table.get(id);
        if (path == null || path.tunnel() == null) {
            return; // counts as lost
        }
        if (mode.sendProbe(path, sequence)) {
            return;
        }
        if (!session.extended()) {
            return; // without the extension nobody echoes probes: counts as lost
        }
        path.tunnel().send(QuicroamExtension.PROBE_CONTEXT_ID, ExtensionDatagrams.probe(alloc, sequence));
    }

    @Override
    public void trafficResumed() {
        mtuWatch.trafficResumed();
        transportSampler.trafficResumed();
    }

    @Override
    public boolean copiesCarried() {
        return mode.copiesCarried() && session.extended(); // the gateway keeps the first of sequenced copies
    }

    @Override
    public void decision(PathDecision decision) {
        lastDecision = decision;
        List<AgentPath> available = new ArrayList<>();
        decision.roles().forEach((id, role) -> {
            AgentPath path = table.get(id);
            if (path != null) {
                path.role(role);
                if (role == PathRole.AVAILABLE && path.tunnel() != null && path.fit() != MtuFit.TOO_SMALL) {
                    available.add(path);
                }
            }
        });
        if (!available.isEmpty()) {
            carriers.carry(available, decision.trigger().label());
        }
        announcer.announce(decision, session, table.all());
        pathsChanged.run();
    }
}
