package io.quicroam.agent;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.quicroam.masque.ip.IcmpRateLimiter;
import io.quicroam.masque.ip.IcmpReplies;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.PathManager;
import io.quicroam.pathmanager.PathSnapshot;
import io.quicroam.pathmanager.iface.InterfaceMonitor;
import io.quicroam.pathmanager.path.PathId;
import io.quicroam.pathmanager.policy.PathManagerConfig;
import io.quicroam.pathmanager.time.ExecutorTimeSource;
import io.quicroam.pathmanager.time.TimeSource;
import io.quicroam.transport.RateLimitedLog;
import io.quicroam.transport.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the tunnel: moves IP packets between the packet I/O (a TUN device, or memory) and one CONNECT-IP
 * session carried by one QUIC path per usable interface, as the path manager decides. This class wires the parts and
 * is their public face: {@link UplinkForwarder} and {@link DownlinkDispatcher} move the packets,
 * {@link PathLifecycle} opens and closes the paths as the {@link CarryMode} of the configured {@link Mode} wants,
 * {@link Carriers} says which paths carry traffic, {@link HandoverLog} remembers the moves, {@link DeviceSetup}
 * gives the device the assigned addresses and routes.
 *
 * <p>Threads: path state changes only on the path manager's thread (its {@link TimeSource}); netty callbacks hop
 * onto it. The packet path (device reader, event loops) reads volatile snapshots and never locks.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    /** How paths carry the session. */
    public enum Mode {
        /** One QUIC connection per interface, all joined to one session (needs quicroam's gateway). */
        BONDED,
        /** One QUIC connection moved between interfaces beneath QUIC (any RFC 9484 proxy). */
        MIGRATE,
        /** Today's MASQUE clients: one connection; when it fails, a new connection and a new session. */
        RECONNECT;

        /** The spelling in YAML, JSON, status and on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final AgentConfig config;
    private final PacketIo packetIo;
    private final TunnelDevice device;
    private final AgentMetrics metrics;
    private final EventLoopGroup group;
    private final InterfaceMonitor monitor;
    private final TimeSource time;
    private final AutoCloseable ownedTime;
    private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();
    private final long startedNanos = System.nanoTime();
    private final Session session = new Session(listeners);
    private final HandoverLog handovers;
    private final DeviceSetup setup;
    private final PathLifecycle lifecycle;
    private final PathManager pathManager;
    private final UplinkForwarder uplink;
    private final TunnelMtu tunnelMtu;
    private final CompletableFuture<String> stopped = new CompletableFuture<>();

    Agent(AgentBuilder builder) throws IOException {
        this.config = builder.config;
        this.packetIo = Objects.requireNonNull(builder.packetIo, "packetIo");
        this.device = builder.device;
        MeterRegistry registry = builder.registry;
        this.metrics = new AgentMetrics(registry);
        this.group = Transports.group(1, "quicroam-agent");
        ConnectIpClient client = new ConnectIpClient(config.server(), builder.tuning, group, metrics);
        InetSocketAddress proxy = new InetSocketAddress(
                config.server().template().host(), config.server().template().port());
        PathTable table = new PathTable(builder.endpoints != null ? builder.endpoints : PathEndpoints.direct(proxy));
        this.monitor = Objects.requireNonNull(builder.interfaces, "interfaces");
        if (builder.time != null) {
            this.time = builder.time;
            this.ownedTime = null;
        } else {
            ExecutorTimeSource executor = new ExecutorTimeSource("quicroam-paths");
            this.time = executor;
            this.ownedTime = executor;
        }
        this.handovers = new HandoverLog(time, System::nanoTime, listeners);
        this.setup = new DeviceSetup(
                device,
                table::gateways,
                listeners,
                new AssignmentPolicy(config.tunnel(), metrics::refused, RateLimitedLog.perMinute()),
                time);
        this.tunnelMtu = new TunnelMtu(config.tunnel(), device);
        this.lifecycle = new PathLifecycle(
                config,
                registry,
                table,
                session,
                handovers,
                setup,
                client,
                new PathOpener(
                        client,
                        Http2Connector.ifUsed(client, group, metrics, config.transports()),
                        config.transports(),
                        time),
                time,
                group,
                packetIo,
                metrics,
                tunnelMtu,
                this::stop,
                () -> listeners.forEach(AgentListener::onPathsChanged));
        this.pathManager = lifecycle.pathManager();
        Carriers carriers = lifecycle.carriers();
        // The agent has no address of its own on the tunnel link: its errors come from the packet's destination.
        IcmpReplies icmp = new IcmpReplies(
                PooledByteBufAllocator.DEFAULT, IcmpRateLimiter.withDefaults(), IpPacket::destination, metrics.icmp());
        this.uplink = new UplinkForwarder(
                tunnelMtu::current,
                new UplinkRules(setup::assignment, setup::withdrawn),
                carriers::active,
                session::extended,
                pathManager::trafficSent,
                packetIo,
                metrics,
                icmp,
                PooledByteBufAllocator.DEFAULT);
    }

    public static AgentBuilder builder(AgentConfig config) {
        return new AgentBuilder(config);
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public Mode mode() {
        return config.mode();
    }

    public TunnelAssignment assignment() {
        return setup.assignment();
    }

    public void addListener(AgentListener listener) {
        listeners.add(listener);
    }

    /** The path carrying traffic now, or null (for tests in this package). */
    TunnelPath primaryPath() {
        AgentPath current = lifecycle.carriers().primary();
        return current == null ? null : current.tunnel();
    }

    /** The open path on {@code interfaceName}, or null (for tests in this package). */
    TunnelPath pathOn(String interfaceName) {
        CompletableFuture<TunnelPath> result = new CompletableFuture<>();
        time.execute(() -> result.complete(lifecycle.table().all().stream()
                .filter(p -> p.interfaceName().equals(interfaceName) && p.tunnel() != null)
                .map(AgentPath::tunnel)
                .findFirst()
                .orElse(null)));
        return result.join();
    }

    /** The tunnel device's MTU now: pinned, or following the paths ({@code tunnel.mtu: auto}). */
    public int tunnelMtu() {
        return tunnelMtu.current();
    }

    /**
     * Completes, with why, when the agent gives the session up for good: no path can carry the tunnel (RFC 9484
     * §7.1). Its paths are closed by then; the caller closes the agent.
     */
    public CompletableFuture<String> stopped() {
        return stopped;
    }

    /** Gives the session up: a clear error instead of losing large packets without a word. */
    private void stop(String reason) {
        log.error("stopping: {}", reason);
        setup.fail(new IOException(reason));
        lifecycle.closeAll().whenComplete((ok, failure) -> stopped.complete(reason));
    }

    public long sessionResets() {
        return session.resets();
    }

    public long addressChanges() {
        return setup.addressChanges();
    }

    /** A snapshot for status output: session, paths and the last handovers. */
    public CompletableFuture<AgentStatus> status() {
        CompletableFuture<AgentStatus> result = new CompletableFuture<>();
        pathManager
                .status()
                .whenComplete((pathStatuses, failure) -> time.execute(() -> {
                    Map<PathId, PathSnapshot> byId = new HashMap<>();
                    if (pathStatuses != null) {
                        pathStatuses.forEach(s -> byId.put(s.id(), s));
                    }
                    List<AgentStatus.PathReport> views = new ArrayList<>();
                    for (AgentPath path : lifecycle.table().all()) {
                        String type = config.paths()
                                .interfaces()
                                .resolve(path.interfaceName(), path.ni().type())
                                .type()
                                .label();
                        views.add(AgentStatus.PathReport.of(
                                path.id(),
                                type,
                                path.role(),
                                path.sinceNanos(),
                                byId.get(path.id()),
                                path.tunnel() == null ? -1 : path.tunnel().maxPacketSize(),
                                path.tunnel() == null ? null : path.tunnel().transport()));
                    }
                    result.complete(new AgentStatus(
                            config.mode(),
                            setup.assignment(),
                            System.nanoTime() - startedNanos,
                            views,
                            handovers.snapshot(),
                            session.resets(),
                            setup.addressChanges(),
                            tunnelMtu.current()));
                }));
        return result;
    }

    /**
     * Starts watching interfaces and opening paths; completes when the proxy has assigned addresses and the device
     * carries them.
     */
    public CompletableFuture<TunnelAssignment> start() {
        packetIo.start(uplink);
        lifecycle.start();
        try {
            pathManager.start(monitor);
            StartupPhases.reached("interfaces scanned");
        } catch (IOException e) {
            setup.fail(e);
        }
        return setup.first();
    }

    /**
     * New interface policy, probe settings and scheduling (a reload): the session and its paths stay; interfaces the
     * new policy excludes are closed, newly allowed ones opened.
     */
    public void reconfigure(PathManagerConfig paths) {
        pathManager.reconfigure(paths.withTunnelDevice(config.tunnel().device()));
    }

    /**
     * Reads the bearer token again from {@code tokenFile} (null: none), for a reload: a changed token replaces the
     * session with one opened with it (a token rotation needs no restart); an unchanged one changes nothing.
     *
     * @return whether the token changed
     */
    public boolean reloadToken(Path tokenFile) throws IOException {
        if (!lifecycle.client().useTokenFile(tokenFile)) {
            return false;
        }
        lifecycle.renewSession("bearer token changed (server.token-file)");
        return true;
    }

    /** Probe every path now, e.g. after the laptop slept. */
    public void reprobeAll() {
        pathManager.reprobeAll();
    }

    @Override
    public void close() {
        try {
            lifecycle.closeAll().get(2, TimeUnit.SECONDS);
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
