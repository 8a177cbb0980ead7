package io.quicroam.agent;

import io.netty.channel.Channel;
import io.quicroam.pathmanager.PathSnapshot;
import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Agent.Mode#MIGRATE}, for any RFC 9484 proxy: one QUIC connection, opened on the first usable interface, whose
 * UDP packets are moved beneath QUIC to the socket of whichever interface carries traffic ({@link Migration}); every
 * other usable interface gets a path that is only a socket for that connection. When the connection goes, every path
 * goes with it and a new session starts. When every interface goes (a lift, a tunnel under a river) the connection
 * stays: the first network to return carries it on, beneath QUIC like any move, with its session and inner address.
 *
 * <p>A proxy that sends {@code disable_active_migration} (RFC 9000 §18.2; Kwik does, and drops packets from any other
 * client address) must not see its client move (RFC 9000 §9). Against such a proxy this mode falls back to
 * {@link Reconnecting}'s policy, and says so once per connection: one path, and a new connection and session on the
 * next interface when it fails, rather than moving packets the proxy would drop.
 *
 * <p>Threads: the migration belongs to the path manager's thread; the probes waiting for proof of life are shared
 * with the event loop that hears it (a concurrent map).
 */
final class MigratingConnection implements CarryMode {
    private static final Logger log = LoggerFactory.getLogger(MigratingConnection.class);

    private final PathLifecycle paths;
    /** Probes answered by the proxy's authenticated packets on the probed interface (QUIC acknowledges them). */
    private final ProgressProbes probes;
    /** The standby interfaces' light connections, which measure them before traffic moves there. */
    private final StandbyLinks standby;
    /** Asks the standbys afresh while the carrier's probes go unanswered, so that a move need not wait. */
    private final EarlyStandbyAnswers early;
    /** What a handover does when the proxy forbids migration. */
    private final Reconnecting fallback;
    /** The one connection's sockets, one per interface; null until it opened. */
    private Migration migration;
    /** Which interface the connection is opened on next; shared with the fallback, which opens one at a time too. */
    private final OpenRotation rotation = new OpenRotation();
    /** Whether the proxy followed the last move. */
    private final MoveWatch moves;
    /** The proxy's last connection said {@code disable_active_migration}: handovers reconnect instead. */
    private boolean migrationForbidden;
    /** The proxy twice in a row did not follow a move although it allowed it: never migrated again. */
    private boolean proxyCannotFollow;
    /** A move onto a standby not heard from lately, held until its light connection answers a fresh probe. */
    private String pendingMove;
    /**
     * The connection's last path while no interface is usable: kept, not closed, because the proxy keeps the connection
     * until its idle timeout (RFC 9000 §10.1), and so the session and its address. Null otherwise.
     */
    private AgentPath stranded;
    /** When the connection last heard the proxy, on any interface (written by the event loop). */
    private volatile long lastHeardNanos;
    /** Until when each interface carried the connection, for those it moved away from. */
    private final Map<String, Long> carriedUntil = new HashMap<>();

    MigratingConnection(PathLifecycle paths) {
        this.paths = paths;
        this.fallback = new Reconnecting(paths, rotation);
        this.probes = new ProgressProbes(paths);
        this.standby = new StandbyLinks(paths, probes, this::standbyHeard);
        this.early = new EarlyStandbyAnswers(probes::unansweredSince, standby::heardNanos, standby::ping);
        this.moves = new MoveWatch(paths.time());
    }

    /** A stock proxy knows no extension: nothing beyond RFC 9484's request. */
    @Override
    public Map<String, String> requestHeaders(String sessionToken) {
        return Map.of();
    }

    @Override
    public void openWhatIsMissing() {
        if (migrationForbidden) {
            fallback.openWhatIsMissing();
            return;
        }
        PathTable table = paths.table();
        if (stranded != null) {
            resume();
        } else if (migration != null) {
            addSockets();
        } else if (table.isEmpty()) {
            List<NetInterface> candidates = paths.openableInterfaces();
            rotation.order(candidates);
            table.unopened(candidates).stream().findFirst().ifPresent(candidate -> {
                rotation.tried(candidate.ni().name());
                paths.open(candidate);
            });
        }
    }

    /** Every usable interface gets a socket the connection can move to. */
    private void addSockets() {
        AgentPath carrier = paths.carriers().primary();
        if (carrier == null) {
            return;
        }
        PathTable table = paths.table();
        for (PathTable.Candidate candidate : table.unopened(table.usableInterfaces())) {
            AgentPath path = paths.newPath(candidate);
            path.tunnel(carrier.tunnel());
            table.put(path);
            PathId id = candidate.id();
            addSocket(path, candidate)
                    .whenComplete((socket, failure) -> paths.time().execute(() -> {
                        if (failure == null && table.get(id) == path) {
                            paths.pathOpened(id);
                        }
                    }));
        }
    }

    /** Binds {@code path}'s socket on its interface for the connection; a failure takes the path out of the table. */
    private CompletableFuture<Channel> addSocket(AgentPath path, PathTable.Candidate candidate) {
        PathTable table = paths.table();
        PathEndpoints endpoints = table.endpoints();
        String name = candidate.ni().name();
        return migration
                .addInterface(
                        name,
                        endpoints.local(candidate.ni(), candidate.address()),
                        endpoints.device(candidate.ni()),
                        candidate.id().gateway())
                .whenComplete((socket, failure) -> paths.time().execute(() -> {
                    if (failure != null && table.get(candidate.id()) == path) {
                        table.remove(candidate.id());
                        // The message may name an address: only at DEBUG (privacy).
                        log.warn(
                                "{}: cannot bind a socket for migration ({})",
                                name,
                                failure.getClass().getSimpleName());
                        log.debug("{}: bind failure: {}", name, failure.getMessage());
                    }
                }));
    }

    @Override
    public void opened(AgentPath path, TunnelPath tunnel) {
        rotation.opened();
        carriedUntil.clear();
        migration = new Migration(
                tunnel.connection(),
                path.interfaceName(),
                path.id().gateway(),
                paths.group(),
                this::heardOn,
                paths.time()::nanos);
        boolean forbidden = Migration.forbiddenBy(tunnel.connection().peerTransportParameters());
        migrationForbidden = proxyCannotFollow || forbidden;
        if (forbidden) {
            // RFC 9000 §9: once the peer sent disable_active_migration, no packet, not even a probe, may leave
            // from another local address.
            log.info(
                    "{}: the proxy forbids connection migration (disable_active_migration, RFC 9000 §18.2); a "
                            + "handover will reconnect instead, with a new session",
                    path.interfaceName());
        }
    }

    @Override
    public void interfaceUsable(String interfaceName) {
        fallback.interfaceUsable(interfaceName);
    }

    /**
     * Migrating, a failing path is left by moving the 4-tuple (the path manager's decision). Without migration it is
     * left by reconnecting, which costs a session (perhaps the address): only once the path has FAILED, not at the
     * first two lost probes (SUSPECT), which a peer's stall of a hundred milliseconds already causes.
     */
    @Override
    public void pathState(AgentPath path, PathState state) {
        if (migrationForbidden && state == PathState.FAILED) {
            fallback.pathState(path, state);
        }
    }

    /**
     * A stock proxy drops an unknown context (RFC 9484 §6), so nobody echoes. But QUIC acknowledges every DATAGRAM
     * frame (RFC 9221 §5.2): a datagram on the carrying interface is answered by the proxy's next authenticated packet
     * there. A standby interface is measured over its own light connection ({@link StandbyLinks}), so traffic moves
     * only onto a path that answered.
     */
    @Override
    public boolean sendProbe(AgentPath path, long sequence) {
        if (migration == null) {
            return false;
        }
        if (path.interfaceName().equals(migration.via())) {
            if (!migrationForbidden) {
                early.carrierProbed(path, paths.table().all(), paths.time().nanos());
            }
            probes.sendOnTunnel(path, sequence);
        } else {
            standby.probe(path, sequence);
        }
        return true;
    }

    /**
     * Only the last path (or closing the agent) closes the connection; the others are just its sockets. The last one
     * leaves it stranded instead when its interface went: no network is left, and the connection may be carried on
     * from the next one that comes.
     */
    @Override
    public void close(AgentPath path) {
        if (migration == null) {
            CarryMode.super.close(path);
            return;
        }
        migration.removeInterface(path.interfaceName());
        standby.close(path.interfaceName());
        early.forget(path.interfaceName());
        if (paths.closing()) {
            closeConnection(path.tunnel());
        } else if (paths.table().isEmpty()) {
            boolean interfaceWent = !paths.table().isUsable(path.interfaceName());
            if (interfaceWent && !migrationForbidden && path.tunnel().isOpen()) {
                strand(path);
            } else {
                closeConnection(path.tunnel());
            }
        }
    }

    @Override
    public void closeAll() {
        if (stranded != null) {
            closeConnection(stranded.tunnel());
        }
    }

    private void closeConnection(TunnelPath tunnel) {
        stranded = null;
        pendingMove = null;
        standby.closeAll();
        moves.cancel();
        migration.close();
        migration = null;
        tunnel.close();
    }

    private void strand(AgentPath path) {
        stranded = path;
        pendingMove = null;
        moves.cancel();
        log.info("no network is usable: the connection waits for one, keeping the session and its address");
    }

    /**
     * A network returned while the connection was stranded: it moves there (a new socket, a new 4-tuple; the proxy
     * validates the path, RFC 9000 §9), and {@link MoveWatch} checks that the proxy still holds it. If QUIC closed it
     * meanwhile (its idle timeout passed, or the proxy closed it), a new connection opens with a new session.
     */
    private void resume() {
        AgentPath last = stranded;
        if (!last.tunnel().isOpen()) {
            log.info("the connection ended while no network was usable; opening a new session");
            closeConnection(last.tunnel());
            paths.session().forget();
            openWhatIsMissing();
            return;
        }
        List<NetInterface> candidates = paths.openableInterfaces();
        rotation.order(candidates);
        PathTable table = paths.table();
        table.unopened(candidates).stream().findFirst().ifPresent(candidate -> {
            stranded = null;
            AgentPath path = paths.newPath(candidate);
            path.tunnel(last.tunnel());
            table.put(path);
            PathId id = candidate.id();
            String name = candidate.ni().name();
            addSocket(path, candidate)
                    .whenComplete((socket, failure) -> paths.time().execute(() -> {
                        if (failure == null && table.get(id) == path) {
                            paths.pathOpened(id);
                            paths.carriers().opened(path, "path-reopened");
                            log.info(
                                    "{}: the connection carries on over this network, with its session and address",
                                    name);
                            move(path);
                            paths.openWhatIsMissing();
                        } else if (failure != null
                                && migration != null
                                && paths.table().isEmpty()) {
                            stranded = last; // the next network to come is tried
                        }
                    }));
        });
    }

    /** The one connection is gone: every interface's socket served it, so every path goes, and the session. */
    @Override
    public void lost(AgentPath path) {
        if (migration != null) {
            closeConnection(path.tunnel());
            PathTable table = paths.table();
            for (AgentPath other : new ArrayList<>(table.all())) {
                table.remove(other.id());
                paths.pathManager().pathClosed(other.id());
            }
            paths.carriers().clear();
        }
        paths.session().forget();
    }

    /**
     * Moves the connection onto {@code next}, the path manager's choice, when {@link MoveGate} lets it go at once;
     * otherwise the move waits for a fresh answer (every path is probed at once) while the packets stay where they
     * flow; if none comes, the path turns SUSPECT and the path manager takes the move back.
     */
    @Override
    public void carrierMoved(AgentPath next) {
        String name = next.interfaceName();
        pendingMove = null;
        if (migration == null || migrationForbidden || name.equals(migration.via())) {
            return;
        }
        PathRole carrierRole = paths.table()
                .on(migration.via())
                .map(p -> paths.lastRole(p.id()))
                .orElse(null);
        if (!MoveGate.atOnce(carrierRole, standby.heardNanos(name), paths.time().nanos())) {
            pendingMove = name;
            paths.pathManager().reprobeAll();
            return;
        }
        move(next);
    }

    /** A standby's light connection made progress (event loop): a move held for it goes ahead. */
    private void standbyHeard(String interfaceName) {
        paths.time().execute(() -> {
            if (interfaceName.equals(pendingMove) && migration != null && !migrationForbidden) {
                pendingMove = null;
                paths.table().on(interfaceName).ifPresent(this::move);
            }
            moves.networkHeard(interfaceName);
        });
    }

    private void move(AgentPath next) {
        String name = next.interfaceName();
        moves.moved(name); // before the first packet can go, so none heard there is missed
        carriedUntil.put(migration.via(), paths.time().nanos());
        migration.moveTo(name);
        paths.pathManager().status().thenAccept(snapshots -> {
            Duration srtt = snapshots.stream()
                    .filter(s -> s.id().equals(next.id()))
                    .findFirst()
                    .flatMap(PathSnapshot::srtt)
                    .orElse(null);
            paths.time()
                    .execute(() -> moves.expire(
                            name,
                            MoveWatch.deadline(srtt),
                            () -> paths.table().on(name).ifPresent(standby::ping),
                            inARow -> notFollowed(name, inARow)));
        });
    }

    /** The proxy's authenticated packets arrived on {@code interfaceName} (event loop). */
    private void heardOn(String interfaceName) {
        lastHeardNanos = paths.time().nanos();
        probes.heardOn(interfaceName);
        moves.heard(interfaceName);
    }

    /**
     * The paths that carried the connection since it last heard the proxy failed for its silence, not their networks'
     * (their light connections were not asked): a probation earned that way would keep the new connection on a worse
     * network for the next move-back wait (lossy-uplink: ten seconds on the lossy Wi-Fi, LTE on probation).
     */
    private void pardonSilentCarriers() {
        long silentSince = lastHeardNanos;
        paths.pathManager().pardon(migration.via());
        carriedUntil.forEach((name, until) -> {
            if (until >= silentSince) {
                paths.pathManager().pardon(name);
            }
        });
        carriedUntil.clear();
    }

    /**
     * The connection moved to {@code interfaceName} and the proxy sent nothing there, although the network passes its
     * packets: it did not follow the move (it kept sending to the old address, or never validated the new path, RFC
     * 9000 §9.3), or it lost the connection, which looks the same from here (#13: our own gateway's quiche drops a
     * connection whose new path failed validation, without a word). Either way a new connection, and session, is what
     * helps. The first time, that connection migrates again; only a second move in a row that is not followed shows a
     * proxy that cannot follow: then it is reconnected to instead of migrated, for good. Said each time.
     */
    private void notFollowed(String interfaceName, int inARow) {
        if (migration == null || !interfaceName.equals(migration.via())) {
            return;
        }
        if (inARow < 2) {
            log.warn(
                    "{}: nothing came back after the connection moved to this network, although the network passes "
                            + "the proxy's packets (RFC 9000 §9): the proxy lost the connection or did not follow; "
                            + "reconnecting with a new session",
                    interfaceName);
        } else {
            log.warn(
                    "{}: the proxy did not follow the connection's move to this network, {} moves in a row (RFC 9000 "
                            + "§9); reconnecting with a new session, and reconnecting instead of migrating from now on",
                    interfaceName,
                    inARow);
            proxyCannotFollow = true;
            migrationForbidden = true;
        }
        pardonSilentCarriers();
        for (AgentPath path : new ArrayList<>(paths.table().all())) {
            paths.close(path);
        }
        paths.session().forget();
        paths.openWhatIsMissing();
    }
}
