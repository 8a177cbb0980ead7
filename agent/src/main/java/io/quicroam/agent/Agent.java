package io.quicroam.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.masque.extension.DuplicateFilter;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.masque.ip.IcmpErrors;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.PathManager;
import io.quicroam.pathmanager.PathManagerListener;
import io.quicroam.pathmanager.health.PathState;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.iface.NetInterface;
import io.quicroam.pathmanager.path.PathDecision;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.path.PathRole;
import io.quicroam.pathmanager.time.ExecutorTimeSource;
import io.quicroam.pathmanager.time.TimeSource;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.QuicTuning;
import io.quicroam.transport.Transports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of the tunnel: moves IP packets between the packet I/O (a TUN device, or memory) and one CONNECT-IP
 * session carried by one QUIC path per usable interface, as the path manager decides.
 *
 * <p>Threads: path state changes only on the path manager's thread (its {@link TimeSource}); netty callbacks hop
 * onto it. The packet path (device reader, event loops) reads volatile snapshots and never locks.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final Duration REOPEN_FIRST = Duration.ofMillis(500);
    private static final Duration REOPEN_MAX = Duration.ofSeconds(30);

    /** How paths carry the session. */
    public enum Mode {
        /** One QUIC connection per interface, all joined to one session (needs quicroam's gateway). */
        BONDED,
        /** One QUIC connection moved between interfaces beneath QUIC (any RFC 9484 proxy). */
        MIGRATE,
        /** Today's MASQUE clients: one connection; when it fails, a new connection and a new session. */
        RECONNECT
    }

    private final AgentConfig config;
    private final PacketIo packetIo;
    private final TunnelDevice device;
    private final AgentMetrics metrics;
    private final EventLoopGroup group;
    private final ConnectIpClient client;
    private final PathEndpoints endpoints;
    private final InterfaceMonitor monitor;
    private final TimeSource time;
    private final AutoCloseable ownedTime;
    private final PathManager pathManager;
    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<TunnelAssignment> firstAssignment = new CompletableFuture<>();
    private final DuplicateFilter downlinkDuplicates = new DuplicateFilter();
    private final AtomicLong uplinkSequence = new AtomicLong();
    private final long startedNanos = System.nanoTime();

    // Path manager thread only.
    private final Map<PathId, AgentPath> paths = new HashMap<>();
    private final Map<String, NetInterface> usable = new LinkedHashMap<>();
    private final Map<String, Duration> reopenBackoff = new HashMap<>();
    /** The gateway's ID of each path, kept after it closes so its ABANDON can be announced. */
    private final Map<PathId, Long> gatewayPathIds = new HashMap<>();
    private final List<Handover> handovers = new ArrayList<>();
    private volatile AgentPath primary;
    /** The interface that carried traffic last, kept while no path does (a reconnect's "from"). */
    private String lastCarrier;
    private long statusSequence;
    private boolean opening;
    private boolean closed;
    /** MIGRATE mode: the one connection's sockets, one per interface. */
    private Migration migration;
    /** MIGRATE mode: the probe waiting for any packet on an interface (QUIC acknowledges every datagram). */
    private final Map<String, long[]> probesAwaitingLife = new ConcurrentHashMap<>();
    /** RECONNECT mode: interfaces whose session failed, tried again only after the others (or a link change). */
    private final java.util.Set<String> failedInterfaces = new java.util.LinkedHashSet<>();
    private long sessionsStarted;

    // Read by the packet path.
    private volatile AgentPath[] active = new AgentPath[0];
    private volatile String sessionToken;
    private volatile TunnelAssignment assignment = TunnelAssignment.NONE;
    private volatile Handover pendingHandover;
    private final AtomicLong sessionResets = new AtomicLong();
    private final AtomicLong addressChanges = new AtomicLong();

    private Agent(Builder builder) throws IOException {
        this.config = builder.config;
        this.packetIo = Objects.requireNonNull(builder.packetIo, "packetIo");
        this.device = builder.device;
        MeterRegistry registry = builder.registry;
        this.metrics = new AgentMetrics(registry);
        this.group = Transports.group(1, "quicroam-agent");
        this.client = new ConnectIpClient(config.server(), builder.tuning, group, metrics);
        InetSocketAddress proxy = new InetSocketAddress(config.server().template().host(), config.server().template().port());
        this.endpoints = builder.endpoints != null ? builder.endpoints : PathEndpoints.direct(proxy);
        this.monitor = Objects.requireNonNull(builder.interfaces, "interfaces");
        if (builder.time != null) {
            this.time = builder.time;
            this.ownedTime = null;
        } else {
            ExecutorTimeSource executor = new ExecutorTimeSource("quicroam-paths");
            this.time = executor;
            this.ownedTime = executor;
        }
        this.pathManager = new PathManager(config.paths(), time, registry, new Decisions());
    }

    public static Builder builder(AgentConfig config) {
        return new Builder(config);
    }

    /** Collects what an agent runs with; {@link #build()} checks it. */
    public static final class Builder {
        private final AgentConfig config;
        private PacketIo packetIo;
        private TunnelDevice device = TunnelDevice.NONE;
        private InterfaceMonitor interfaces;
        private PathEndpoints endpoints;
        private QuicTuning tuning = QuicTuning.defaults();
        private MeterRegistry registry = new SimpleMeterRegistry();
        private TimeSource time;

        private Builder(AgentConfig config) {
            this.config = config;
        }

        public Builder packetIo(PacketIo value) {
            this.packetIo = value;
            return this;
        }

        public Builder device(TunnelDevice value) {
            this.device = value;
            return this;
        }

        /** Where interfaces come from: the host's (netlink) or the simulator's. */
        public Builder interfaces(InterfaceMonitor value) {
            this.interfaces = value;
            return this;
        }

        public Builder endpoints(PathEndpoints value) {
            this.endpoints = value;
            return this;
        }

        public Builder tuning(QuicTuning value) {
            this.tuning = value;
            return this;
        }

        public Builder registry(MeterRegistry value) {
            this.registry = value;
            return this;
        }

        /** The path manager's clock and thread (tests may pass their own). */
        public Builder time(TimeSource value) {
            this.time = value;
            return this;
        }

        public Agent build() throws IOException {
            return new Agent(this);
        }
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public Mode mode() {
        return config.mode();
    }

    public TunnelAssignment assignment() {
        return assignment;
    }

    public void addListener(AgentListener listener) {
        listeners.add(listener);
    }

    /** The path carrying traffic now, or null (for tests in this package). */
    TunnelPath primaryPath() {
        AgentPath current = primary;
        return current == null ? null : current.tunnel;
    }

    /** The open path on {@code interfaceName}, or null (for tests in this package). */
    TunnelPath pathOn(String interfaceName) {
        CompletableFuture<TunnelPath> result = new CompletableFuture<>();
        time.execute(() -> result.complete(paths.values().stream()
                .filter(p -> p.ni.name().equals(interfaceName) && p.tunnel != null)
                .map(p -> p.tunnel).findFirst().orElse(null)));
        return result.join();
    }

    public long sessionResets() {
        return sessionResets.get();
    }

    public long addressChanges() {
        return addressChanges.get();
    }

    /** A snapshot for status output: session, paths and the last handovers. */
    public CompletableFuture<AgentStatus> status() {
        CompletableFuture<AgentStatus> result = new CompletableFuture<>();
        pathManager.status().whenComplete((pathStatuses, failure) -> time.execute(() -> {
            Map<PathId, io.quicroam.pathmanager.PathStatus> byId = new HashMap<>();
            if (pathStatuses != null) {
                pathStatuses.forEach(s -> byId.put(s.id(), s));
            }
            List<AgentStatus.PathView> views = new ArrayList<>();
            for (AgentPath path : paths.values()) {
                String type = config.paths().interfaces().resolve(path.ni.name(), path.ni.type()).type().label();
                views.add(AgentStatus.PathView.of(path.id, type, path.role, path.sinceNanos, byId.get(path.id)));
            }
            result.complete(new AgentStatus(config.mode(), assignment, System.nanoTime() - startedNanos, views,
                    List.copyOf(handovers), sessionResets.get(), addressChanges.get()));
        }));
        return result;
    }

    /**
     * Starts watching interfaces and opening paths; completes when the proxy has assigned addresses and the device
     * carries them.
     */
    public CompletableFuture<TunnelAssignment> start() {
        packetIo.start(this::uplink);
        try {
            pathManager.start(monitor);
        } catch (IOException e) {
            firstAssignment.completeExceptionally(e);
        }
        return firstAssignment;
    }

    /**
     * New interface policy, probe settings and scheduling (a reload): the session and its paths stay; interfaces the
     * new policy excludes are closed, newly allowed ones opened.
     */
    public void reconfigure(io.quicroam.pathmanager.policy.PathManagerConfig paths) {
        pathManager.reconfigure(paths.withTunnelDevice(config.tunnel().device()));
    }

    /** Probe every path now, e.g. after the laptop slept. */
    public void reprobeAll() {
        pathManager.reprobeAll();
    }

    // ---- packet path ----

    /** A packet read from the device: into the tunnel on the active path(s), or a Packet Too Big back. */
    private void uplink(ByteBuf packet) {
        AgentPath[] targets = active;
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
        TunnelPath first = targets[0].tunnel;
        int limit = Math.min(config.tunnel().mtu(), first.maxPacketSize() - (targets.length > 1 ? 8 : 0));
        if (packet.readableBytes() > limit) {
            answerTooBig(packet, limit);
            return;
        }
        metrics.uplinkPackets.increment();
        metrics.uplinkBytes.increment(packet.readableBytes());
        if (targets.length == 1 || sessionToken == null) {
            pathManager.trafficSent(targets[0].id, packet.readableBytes());
            first.send(packet);
            return;
        }
        // Redundant scheduler: every AVAILABLE path carries a sequenced copy; the gateway keeps the first.
        long sequence = uplinkSequence.getAndIncrement();
        for (AgentPath target : targets) {
            ByteBuf copy = alloc.directBuffer(PacketIo.HEADROOM + VarInt.length(sequence) + packet.readableBytes());
            copy.writerIndex(PacketIo.HEADROOM).readerIndex(PacketIo.HEADROOM);
            VarInt.write(copy, sequence);
            copy.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
            pathManager.trafficSent(target.id, packet.readableBytes());
            target.tunnel.send(QuicroamExtension.SEQUENCED_IP_CONTEXT_ID, copy);
        }
        packet.release();
    }

    /**
     * RFC 9484 §10.1: a packet larger than the tunnel carries is answered with ICMP "fragmentation needed" /
     * ICMPv6 Packet Too Big, so the sender's path MTU discovery shrinks it (RFC 1191, RFC 8201).
     */
    private void answerTooBig(ByteBuf packet, int mtu) {
        try {
            metrics.dropped(DropReason.OVERSIZE);
            if (!IcmpErrors.mayReportTooBig(packet)) {
                return;
            }
            ByteBuf icmp = IcmpErrors.tooBig(alloc, packet, mtu, IpPacket.destination(packet));
            metrics.packetTooBigSent.increment();
            packetIo.write(icmp);
        } finally {
            packet.release();
        }
    }

    /** A datagram from the proxy on {@code path}. Takes ownership. */
    private void downlink(AgentPath path, long contextId, ByteBuf payload) {
        pathManager.trafficReceived(path.id, payload.readableBytes());
        Handover pending = pendingHandover;
        if (pending != null && path == primary) {
            completeHandover(pending);
        }
        if (contextId == HttpDatagram.IP_PACKET_CONTEXT_ID) {
            deliver(payload);
        } else if (contextId == QuicroamExtension.SEQUENCED_IP_CONTEXT_ID && sessionToken != null) {
            long sequence = VarInt.read(payload);
            if (sequence >= 0 && downlinkDuplicates.firstTime(sequence)) {
                deliver(payload);
            } else {
                payload.release();
            }
        } else if (contextId == QuicroamExtension.PROBE_CONTEXT_ID && sessionToken != null) {
            long sequence = VarInt.read(payload);
            payload.release();
            if (sequence >= 0) {
                pathManager.probeAnswered(path.id, sequence);
            }
        } else {
            payload.release();
            metrics.dropped(DropReason.UNKNOWN_CONTEXT); // RFC 9484 §6
        }
    }

    private void deliver(ByteBuf packet) {
        metrics.downlinkPackets.increment();
        metrics.downlinkBytes.increment(packet.readableBytes());
        if (!packetIo.write(packet)) {
            metrics.dropped(DropReason.QUEUE_FULL);
        }
    }

    private synchronized void completeHandover(Handover pending) {
        if (pendingHandover != pending) {
            return;
        }
        pendingHandover = null;
        Handover done = pending.completed(System.nanoTime());
        time.execute(() -> {
            int index = handovers.indexOf(pending);
            if (index >= 0) {
                handovers.set(index, done);
            }
        });
        log.info("handover {} -> {} ({}) took {} ms", done.from(), done.to(), done.trigger(),
                TimeUnit.NANOSECONDS.toMillis(done.durationNanos()));
        listeners.forEach(l -> l.onHandover(done));
    }

    // ---- paths (path manager thread) ----

    /** One path: an interface address, its QUIC connection and CONNECT-IP stream once open. */
    private final class AgentPath implements TunnelPath.Listener {
        final PathId id;
        final NetInterface ni;
        volatile TunnelPath tunnel;
        PathRole role = PathRole.BACKUP;
        long sinceNanos = System.nanoTime();

        AgentPath(PathId id, NetInterface ni) {
            this.id = id;
            this.ni = ni;
        }

        @Override
        public void onAddressAssign(TunnelPath path, List<AssignedAddress> addresses) {
            time.execute(() -> assigned(this, addresses));
        }

        @Override
        public void onRouteAdvertisement(TunnelPath path, List<IpAddressRange> ranges) {
            time.execute(() -> routed(ranges));
        }

        @Override
        public void onDatagram(TunnelPath path, long contextId, ByteBuf payload) {
            downlink(this, contextId, payload);
        }

        @Override
        public void onClosed(TunnelPath path, Throwable cause) {
            time.execute(() -> pathGone(this, cause == null ? "closed" : cause.getMessage()));
        }
    }

    private final class Decisions implements PathManagerListener {
        @Override
        public void interfaceUsable(NetInterface ni) {
            usable.put(ni.name(), ni);
            failedInterfaces.remove(ni.name());
            openWhatIsMissing();
        }

        /**
         * RECONNECT mode, today's clients: once the one path fails (the same probe-based detection as bonded paths),
         * drop the session and start a new one on the next interface.
         */
        @Override
        public void pathState(PathId id, PathState state) {
            AgentPath path = paths.get(id);
            if (config.mode() != Mode.RECONNECT || path == null
                    || (state != PathState.SUSPECT && state != PathState.FAILED)) {
                return;
            }
            log.info("{}: path failed ({}); reconnecting", path.ni.name(), state);
            failedInterfaces.add(path.ni.name());
            closePath(path);
            sessionToken = null;
            openWhatIsMissing();
        }

        @Override
        public void interfaceUnusable(NetInterface ni, String reason) {
            usable.remove(ni.name());
            for (AgentPath path : new ArrayList<>(paths.values())) {
                if (path.ni.name().equals(ni.name())) {
                    log.info("{}: closing its path ({})", ni.name(), reason);
                    closePath(path);
                }
            }
            openWhatIsMissing();
        }

        @Override
        public void sendProbe(PathId id, long sequence) {
            AgentPath path = paths.get(id);
            if (path == null || path.tunnel == null) {
                return; // counts as lost
            }
            if (config.mode() == Mode.MIGRATE && migration != null) {
                probeBeneathQuic(path, sequence);
                return;
            }
            if (sessionToken == null) {
                return; // without the extension nobody echoes probes: counts as lost
            }
            ByteBuf probe = alloc.directBuffer(PacketIo.HEADROOM + VarInt.length(sequence));
            probe.writerIndex(PacketIo.HEADROOM).readerIndex(PacketIo.HEADROOM);
            VarInt.write(probe, sequence);
            path.tunnel.send(QuicroamExtension.PROBE_CONTEXT_ID, probe);
        }

        @Override
        public void decision(PathDecision decision) {
            decided(decision);
        }
    }

    /**
     * MIGRATE mode has no echo: a stock proxy drops an unknown context (RFC 9484 §6). But QUIC acknowledges every
     * DATAGRAM frame, so a datagram on the carrying interface is answered by the next packet that arrives on it. A
     * standby interface cannot be measured before traffic moves there: it counts as answered while it is up.
     */
    private void probeBeneathQuic(AgentPath path, long sequence) {
        String name = path.ni.name();
        if (!name.equals(migration.via())) {
            pathManager.probeAnswered(path.id, sequence);
            return;
        }
        probesAwaitingLife.put(name, new long[] {sequence});
        ByteBuf probe = alloc.directBuffer(PacketIo.HEADROOM + VarInt.length(sequence));
        probe.writerIndex(PacketIo.HEADROOM).readerIndex(PacketIo.HEADROOM);
        VarInt.write(probe, sequence);
        path.tunnel.send(QuicroamExtension.PROBE_CONTEXT_ID, probe);
    }

    /** MIGRATE mode: a packet arrived on {@code interfaceName}'s socket (event loop). */
    private void heardOn(String interfaceName) {
        long[] waiting = probesAwaitingLife.remove(interfaceName);
        if (waiting != null) {
            time.execute(() -> paths.values().stream().filter(p -> p.ni.name().equals(interfaceName)).findFirst()
                    .ifPresent(p -> pathManager.probeAnswered(p.id, waiting[0])));
        }
    }

    /** MIGRATE mode: every usable interface gets a socket the connection can move to. */
    private void addMigrationSockets() {
        AgentPath carrier = primary;
        for (NetInterface ni : usable.values()) {
            for (InetAddress address : ni.routableAddresses()) {
                PathId id = new PathId(ni.name(), address, endpoints.remote(ni, address));
                if (paths.containsKey(id) || carrier == null || !sameFamily(address, id.gateway().getAddress())) {
                    continue;
                }
                AgentPath path = new AgentPath(id, ni);
                path.tunnel = carrier.tunnel;
                paths.put(id, path);
                migration.addInterface(ni.name(), endpoints.local(ni, address), endpoints.device(ni), id.gateway())
                        .whenComplete((socket, failure) -> time.execute(() -> {
                            if (failure == null && paths.get(id) == path) {
                                pathManager.pathOpened(id);
                            } else if (failure != null) {
                                paths.remove(id);
                                // The message may name an address: only at DEBUG (privacy).
                                log.warn("{}: cannot bind a socket for migration ({})", ni.name(),
                                        failure.getClass().getSimpleName());
                                log.debug("{}: bind failure: {}", ni.name(), failure.getMessage());
                            }
                        }));
            }
        }
    }

    /** Opens the paths the mode wants on the usable interfaces: all of them (bonded), or one (the others). */
    private void openWhatIsMissing() {
        if (closed || opening) {
            return; // the first path of a session opens alone: the others join with its token
        }
        if (config.mode() == Mode.MIGRATE && migration != null) {
            addMigrationSockets();
            return;
        }
        if (config.mode() != Mode.BONDED && !paths.isEmpty()) {
            return;
        }
        List<NetInterface> candidates = new ArrayList<>(usable.values());
        candidates.sort(java.util.Comparator.comparing(ni -> failedInterfaces.contains(ni.name())));
        for (NetInterface ni : candidates) {
            for (InetAddress address : ni.routableAddresses()) {
                PathId id = new PathId(ni.name(), address, endpoints.remote(ni, address));
                if (paths.containsKey(id) || !sameFamily(address, id.gateway().getAddress())) {
                    continue;
                }
                open(new AgentPath(id, ni), endpoints.local(ni, address), endpoints.device(ni));
                if (sessionToken == null || config.mode() != Mode.BONDED) {
                    return;
                }
            }
        }
    }

    private static boolean sameFamily(InetAddress a, InetAddress b) {
        return b == null || a.getAddress().length == b.getAddress().length;
    }

    private void open(AgentPath path, InetSocketAddress local, String device) {
        paths.put(path.id, path);
        Map<String, String> headers = new LinkedHashMap<>();
        boolean first = sessionToken == null;
        if (config.mode() == Mode.BONDED && !first) {
            headers.put(QuicroamExtension.JOIN, sessionToken);
        } else if (config.mode() != Mode.MIGRATE) {
            // RECONNECT offers it too, only for probe echoes (the same failure detection); it never joins.
            headers.put(QuicroamExtension.SESSION_OFFER, "?1");
        }
        opening = first;
        client.open(local, device, path.id.gateway(), headers, path).whenComplete((tunnel, failure) -> time.execute(() -> {
            if (first) {
                opening = false;
            }
            if (failure != null) {
                opened(path, null, failure);
            } else {
                opened(path, tunnel, null);
            }
        }));
    }

    private void opened(AgentPath path, TunnelPath tunnel, Throwable failure) {
        if (failure != null || closed || paths.get(path.id) != path) {
            if (tunnel != null) {
                tunnel.close();
            }
            paths.remove(path.id);
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof ConnectIpRefusedException refused && refused.status() == 403) {
                log.info("{}: the gateway refused to join the session (403); starting a new one", path.ni.name());
                sessionToken = null;
            } else if (cause != null) {
                log.warn("{}: cannot open a path ({})", path.ni.name(), cause.getClass().getSimpleName());
                log.debug("{}: path failure: {}", path.ni.name(), cause.getMessage()); // may name addresses
            }
            if (cause instanceof javax.net.ssl.SSLException) {
                // A certificate problem does not fix itself: tell the caller of start() (retries go on).
                firstAssignment.completeExceptionally(cause);
            }
            if (cause instanceof ConnectIpRefusedException refused) {
                firstAssignment.completeExceptionally(refused); // the caller of start() learns why at once
                if (refused.status() == 401) {
                    return; // wrong credentials: no retry will help
                }
            }
            scheduleReopen(path.ni.name());
            openWhatIsMissing();
            return;
        }
        path.tunnel = tunnel;
        gatewayPathIds.put(path.id, tunnel.gatewayPathId());
        reopenBackoff.remove(path.ni.name());
        boolean newSession = tunnel.sessionToken() == null || !tunnel.sessionToken().equals(sessionToken);
        if (newSession && sessionsStarted++ > 0) {
            sessionResets.incrementAndGet();
            listeners.forEach(AgentListener::onSessionReset);
        }
        if (tunnel.sessionToken() != null) {
            sessionToken = tunnel.sessionToken();
        }
        log.info("{}: path open{}", path.ni.name(), tunnel.sessionToken() != null ? " (bonded session)" : "");
        pathManager.pathOpened(path.id);
        if (active.length == 0) {
            active = new AgentPath[] {path}; // carry traffic until the first decision
            primary = path;
            if (lastCarrier != null) {
                recordHandover(lastCarrier, path.ni.name(), newSession ? "reconnect" : "path-reopened");
            }
            lastCarrier = path.ni.name();
        }
        if (config.mode() == Mode.MIGRATE) {
            migration = new Migration(tunnel.connection().parent(), path.ni.name(), path.id.gateway(), group,
                    this::heardOn);
        }
        openWhatIsMissing();
    }

    private void scheduleReopen(String interfaceName) {
        Duration delay = reopenBackoff.getOrDefault(interfaceName, REOPEN_FIRST);
        reopenBackoff.put(interfaceName, delay.multipliedBy(2).compareTo(REOPEN_MAX) > 0 ? REOPEN_MAX : delay.multipliedBy(2));
        time.schedule(delay, this::openWhatIsMissing);
    }

    private void closePath(AgentPath path) {
        paths.remove(path.id);
        pathManager.pathClosed(path.id);
        if (migration != null) {
            migration.removeInterface(path.ni.name());
            if (paths.isEmpty() || closed) {
                migration.close();
                migration = null;
                path.tunnel.close();
            }
        } else if (path.tunnel != null) {
            path.tunnel.close();
        }
        dropFromActive(path);
    }

    private void pathGone(AgentPath path, String why) {
        if (paths.get(path.id) != path) {
            return; // we closed it
        }
        log.info("{}: path lost ({})", path.ni.name(), why);
        if (migration != null) {
            // The one connection is gone: every interface's socket served it.
            migration.close();
            migration = null;
            for (AgentPath other : new ArrayList<>(paths.values())) {
                paths.remove(other.id);
                pathManager.pathClosed(other.id);
            }
            active = new AgentPath[0];
            primary = null;
        }
        paths.remove(path.id);
        pathManager.pathClosed(path.id);
        dropFromActive(path);
        if (config.mode() != Mode.BONDED) {
            sessionToken = null;
        }
        if (usable.containsKey(path.ni.name())) {
            scheduleReopen(path.ni.name());
        }
        openWhatIsMissing();
    }

    private void dropFromActive(AgentPath path) {
        List<AgentPath> remaining = new ArrayList<>(List.of(active));
        if (remaining.remove(path)) {
            if (remaining.isEmpty()) {
                paths.values().stream().filter(p -> p.tunnel != null).findFirst().ifPresent(remaining::add);
            }
            active = remaining.toArray(AgentPath[]::new);
            noteHandover(remaining.isEmpty() ? null : remaining.get(0), "path-closed");
        }
    }

    private void decided(PathDecision decision) {
        List<AgentPath> available = new ArrayList<>();
        for (Map.Entry<PathId, PathRole> entry : decision.roles().entrySet()) {
            AgentPath path = paths.get(entry.getKey());
            if (path == null) {
                continue;
            }
            if (path.role != entry.getValue()) {
                path.role = entry.getValue();
                path.sinceNanos = System.nanoTime();
            }
            if (entry.getValue() == PathRole.AVAILABLE && path.tunnel != null) {
                available.add(path);
            }
        }
        if (!available.isEmpty()) {
            active = available.toArray(AgentPath[]::new);
            noteHandover(available.get(0), decision.trigger().label());
        }
        announce(decision);
    }

    /** Tells the gateway each path's role (PATH_STATUS, docs/extension.md), on every open path. */
    private void announce(PathDecision decision) {
        if (sessionToken == null) {
            return;
        }
        List<PathStatus> capsules = new ArrayList<>();
        long sequence = ++statusSequence;
        for (Map.Entry<PathId, PathRole> entry : decision.roles().entrySet()) {
            Long gatewayId = entry.getValue() == PathRole.ABANDON
                    ? gatewayPathIds.remove(entry.getKey()) : gatewayPathIds.get(entry.getKey());
            if (gatewayId != null && gatewayId >= 0) {
                capsules.add(new PathStatus(gatewayId, sequence, PathStatus.Status.valueOf(entry.getValue().name())));
            }
        }
        if (capsules.isEmpty()) {
            return;
        }
        for (AgentPath path : paths.values()) {
            if (path.tunnel != null && path.tunnel.isOpen()) {
                path.tunnel.sendCapsules(capsules.toArray(PathStatus[]::new));
            }
        }
    }

    private void noteHandover(AgentPath next, String trigger) {
        AgentPath previous = primary;
        if (next == previous) {
            return;
        }
        primary = next;
        if (migration != null && next != null) {
            migration.moveTo(next.ni.name());
        }
        if (next != null) {
            lastCarrier = next.ni.name();
        }
        if (next == null || previous == null) {
            return;
        }
        recordHandover(previous.ni.name(), next.ni.name(), trigger);
    }

    private void recordHandover(String from, String to, String trigger) {
        Handover handover = new Handover(System.nanoTime(), from, to, trigger, -1);
        handovers.add(handover);
        if (handovers.size() > 500) {
            handovers.remove(0);
        }
        pendingHandover = handover;
        log.info("traffic moves {} -> {} ({})", from, to, trigger);
    }

    // ---- session (path manager thread) ----

    private void assigned(AgentPath via, List<AssignedAddress> addresses) {
        TunnelAssignment previous = assignment;
        if (!previous.addresses().isEmpty() && !sameAddresses(previous.addresses(), addresses)) {
            addressChanges.incrementAndGet();
            listeners.forEach(AgentListener::onAddressChange);
        }
        assignment = previous.withAddresses(addresses);
        applyDevice(via);
    }

    private static boolean sameAddresses(List<AssignedAddress> a, List<AssignedAddress> b) {
        return a.stream().map(x -> x.prefix()).toList().equals(b.stream().map(x -> x.prefix()).toList());
    }

    private void routed(List<IpAddressRange> ranges) {
        assignment = assignment.withRoutes(ranges);
        applyDevice(null);
    }

    private void applyDevice(AgentPath via) {
        TunnelAssignment current = assignment;
        if (current.addresses().isEmpty()) {
            return;
        }
        try {
            Collection<InetAddress> excluded = new ArrayList<>();
            for (AgentPath path : paths.values()) {
                excluded.add(path.id.gateway().getAddress());
            }
            device.apply(current, excluded);
            firstAssignment.complete(current);
        } catch (Exception e) {
            log.error("cannot configure the tunnel device ({}); run with logging.level: debug for the command",
                    e.getClass().getSimpleName());
            log.debug("tunnel device failure: {}", e.getMessage()); // names the assigned addresses
            firstAssignment.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        time.execute(() -> {
            closed = true;
            for (AgentPath path : new ArrayList<>(paths.values())) {
                closePath(path);
            }
            done.complete(null);
        });
        try {
            done.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("closing paths: {}", e.toString());
        }
        pathManager.close();
        device.close(); // routes and addresses first, while the device still exists
        packetIo.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (ownedTime != null) {
            try {
                ownedTime.close();
            } catch (Exception e) {
                log.debug("closing the path manager's thread: {}", e.toString());
            }
        }
    }
}
