package io.quicroam.gateway;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quicroam.gateway.egress.EgressPolicy;
import io.quicroam.gateway.egress.HostAddresses;
import io.quicroam.masque.ConnectIpRequestValidator;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.capsule.RouteAdvertisements;
import io.quicroam.masque.ip.IcmpRateLimiter;
import io.quicroam.masque.ip.IcmpReplies;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.time.ExecutorTimeSource;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.HopProbe;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's sessions and packet rules, independent of how connections arrive ({@link GatewayServer}): wires
 * admission ({@link AdmissionControl}), addresses ({@link AddressAssigner}), the uplink checks ({@link UplinkFilter})
 * and the grace time ({@link GraceTimer}) together, and dispatches downlink packets to their sessions.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final ConnectIpRequestValidator validator;
    private final SessionRegistry sessions = new SessionRegistry();
    private final InGrace inGrace = new InGrace();
    private final AddressAssigner addresses;
    private final SessionTokens tokensIssued;
    private final Authenticator authenticator;
    private final SessionQuota quota;
    private final AdmissionControl admission;
    private final RouteAdvertisement routeAdvertisement;
    private final UplinkFilter uplinkFilter;
    private final PacketIo egress;
    private final GatewayMetrics metrics;
    private final IcmpReplies icmp;
    private final Session.Oversize tooBig = this::tooBig;
    /** The timers' thread: a session's grace time ends there, the paths' capacities are refreshed from there. */
    private final ExecutorTimeSource timers = new ExecutorTimeSource("quicroam-gateway-timers");

    private final GraceTimer grace;
    private final HandshakeGuard handshakes;
    private final RefusalAnswers refusalAnswers;
    private final RefusedRequests refused;
    private final CapacityRefresh capacities = new CapacityRefresh(timers, sessions::sessions);

    public Gateway(GatewayConfig config, PacketIo egress, MeterRegistry registry) throws IOException {
        this.config = config;
        this.validator = new ConnectIpRequestValidator(config.template());
        TokenStore tokens = config.auth() == GatewayConfig.Auth.TOKENS ? TokenStore.load(config.tokensFile()) : null;
        this.addresses = new AddressAssigner(
                config.poolV4(), config.poolV6(), timers::nanos, config.limits().addressQuarantine());
        this.routeAdvertisement = RouteAdvertisements.of(config.routes());
        this.uplinkFilter = new UplinkFilter(PrefixSet.of(config.routes()), egressPolicy(config));
        this.egress = egress;
        this.metrics = new GatewayMetrics(registry, sessions::size);
        Gauge.builder("quicroam_gateway_sessions_in_grace", inGrace::size)
                .description("Sessions without a path, kept for their grace time")
                .register(registry);
        this.icmp = new IcmpReplies(
                PooledByteBufAllocator.DEFAULT, IcmpRateLimiter.withDefaults(), icmpSource(config), metrics.icmp());
        this.tokensIssued = new SessionTokens(timers.clock(), config.tokenLifetime(), config.tokenOverlap());
        this.authenticator = new Authenticator(tokens);
        this.quota = new SessionQuota(config.limits(), this::reclaimOldest, metrics.quotas());
        this.admission = new AdmissionControl(
                authenticator, config.extension(), tokensIssued, sessions, addresses, quota, metrics);
        this.grace = new GraceTimer(timers, config.sessionGrace(), this::end);
        this.refusalAnswers =
                new RefusalAnswers(config.handshakes().refusalAnswersPerSecond(), System::nanoTime, registry);
        this.handshakes = new HandshakeGuard(config.handshakes(), System::nanoTime, registry, refusalAnswers);
        this.refused = new RefusedRequests(registry, metrics.rejected);
        egress.start(this::downlink);
        capacities.start();
    }

    /** The egress policy: the configuration's rules, this host's addresses and the pools (isolating clients). */
    private static EgressPolicy egressPolicy(GatewayConfig config) throws IOException {
        List<InetAddress> own = new ArrayList<>();
        own.add(config.listen().getAddress());
        List<IpPrefix> pools = new ArrayList<>();
        for (IpPrefix pool : new IpPrefix[] {config.poolV4(), config.poolV6()}) {
            if (pool != null) {
                own.add(AddressPool.gatewayAddress(pool));
                pools.add(pool);
            }
        }
        return EgressPolicy.of(config.egressPolicy(), HostAddresses.now(own), pools);
    }

    /**
     * The source of the errors the gateway originates: its own address on the tunnel link, the second address of
     * the pool of the original's family ({@link AddressPool#gatewayAddress}); none for a family without a pool.
     */
    private static IcmpReplies.Source icmpSource(GatewayConfig config) {
        InetAddress v4 = config.poolV4() == null ? null : AddressPool.gatewayAddress(config.poolV4());
        InetAddress v6 = config.poolV6() == null ? null : AddressPool.gatewayAddress(config.poolV6());
        return original -> IpPacket.version(original) == 4 ? v4 : v6;
    }

    GatewayConfig config() {
        return config;
    }

    /** Decides, at a new connection's first packet, whether it needs a Retry or is refused. */
    HandshakeGuard handshakes() {
        return handshakes;
    }

    /** Answers the Initials {@link #handshakes} refuses: a handler for the UDP channel, in front of the codec. */
    RefusalAnswers refusalAnswers() {
        return refusalAnswers;
    }

    /** Where refused requests and failed connections are counted and (rate-limited) logged. */
    RefusedRequests refused() {
        return refused;
    }

    ConnectIpRequestValidator validator() {
        return validator;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    RouteAdvertisement routeAdvertisement() {
        return routeAdvertisement;
    }

    Duration sessionGrace() {
        return grace.grace();
    }

    /** See {@link AdmissionControl#admit}; {@code peer} reads the client certificate, if any, of the connection. */
    Admission admit(
            CharSequence authorization,
            Authenticator.PeerCertificates peer,
            CharSequence offer,
            CharSequence joinToken) {
        return admission.admit(authorization, peer, offer, joinToken);
    }

    /** Answers an ADDRESS_REQUEST (RFC 9484 §4.7.2); downlink follows the session to its new addresses. */
    AddressAssign honour(Session session, AddressRequest request) {
        AddressAssign answer = addresses.honour(session, request);
        sessions.reindex();
        return answer;
    }

    /**
     * An uplink IP packet from a session's client: checked, then handed to the egress. Takes ownership. A packet the
     * gateway refuses to forward is answered through the tunnel (RFC 9484 §7.2: errors in forwarding are signalled
     * with ICMP): a destination outside the routes, outside the request's scope, or denied by the egress policy with
     * "administratively prohibited". A spoofed source gets no answer: it would go to the address that was forged
     * (RFC 1812 §4.3.2.7 forbids errors about invalid sources).
     */
    void uplink(Session session, ScopedRoutes scope, ByteBuf packet) {
        DropReason drop = uplinkFilter.check(session, packet);
        if (drop == null && !scope.permits(packet)) {
            drop = DropReason.OUTSIDE_SCOPE; // RFC 9484 §4.6: the request asked for less than the gateway routes
        }
        if (drop != null) {
            boolean prohibited = drop == DropReason.OUTSIDE_ROUTES
                    || drop == DropReason.OUTSIDE_SCOPE
                    || drop == DropReason.EGRESS_DENIED;
            ByteBuf error = prohibited ? icmp.prohibited(packet) : null;
            packet.release();
            metrics.dropped(drop);
            if (error != null) {
                session.sendDownlink(error, tooBig);
            }
            return;
        }
        metrics.uplinkPackets.increment();
        metrics.uplinkBytes.increment(packet.readableBytes());
        HopProbe.mark("gateway egress write");
        if (!egress.write(packet)) {
            metrics.dropped(DropReason.QUEUE_FULL);
        }
    }

    /**
     * A packet from the egress: to the session owning its destination, one hop shorter. Takes ownership. The hop
     * limit is decremented here, right before the packet goes into an HTTP Datagram (RFC 9484 §7.2); a packet
     * whose hop limit runs out, or that is larger than the session's path carries, is answered into the egress.
     */
    private void downlink(ByteBuf packet) {
        HopProbe.mark("gateway downlink read");
        if (IpPacket.malformedReason(packet) != null) {
            packet.release();
            metrics.dropped(DropReason.MALFORMED_PACKET);
            return;
        }
        Session session = sessions.byDestination(packet);
        if (session == null) {
            packet.release();
            metrics.dropped(DropReason.NO_SESSION);
            return;
        }
        if (!IpPacket.decrementHopLimit(packet)) {
            refuse(packet, DropReason.HOP_LIMIT, icmp.timeExceeded(packet));
            return;
        }
        metrics.downlinkPackets.increment();
        metrics.downlinkBytes.increment(packet.readableBytes());
        session.sendDownlink(packet, tooBig);
    }

    /**
     * A packet larger than the path carries: dropped, and answered with "too big" and the MTU the tunnel carries
     * (RFC 9484 §10.1) when the sender can use it, DF set or IPv6. IPv4 without DF is not fragmented: see
     * docs/architecture.md, "The packet path".
     */
    private void tooBig(ByteBuf packet, int limit) {
        refuse(packet, DropReason.OVERSIZE, icmp.tooBig(packet, limit));
    }

    /** Drops {@code packet}, counted by {@code reason}, and writes the error about it (if any) into the egress. */
    private void refuse(ByteBuf packet, DropReason reason, ByteBuf error) {
        packet.release();
        metrics.dropped(reason);
        if (error != null && !egress.write(error)) {
            metrics.dropped(DropReason.QUEUE_FULL);
        }
    }

    /** A PATH_STATUS capsule arrived on {@code from} ({@link Session#status}). */
    void pathStatus(Session session, SessionPath from, PathStatus capsule) {
        if (session.status(from, capsule)) {
            metrics.foreignAbandons.increment();
        }
    }

    /**
     * Reads the tokens file again (SIGHUP): from now on only the tokens it lists are let in, and the sessions of
     * the clients it no longer names or gives another token end at once, their paths closed (no overlap for a
     * changed token: the gateway cannot tell a routine rotation from a leaked token, and a session opened with the
     * old token must not outlive it; the client gets a new session with its new token). On an unreadable or
     * invalid file nothing changes.
     *
     * @return how many sessions ended
     * @throws IOException              the file cannot be read
     * @throws IllegalArgumentException the file is invalid (the message names file and line, never a token)
     * @throws IllegalStateException    the gateway runs without a tokens file ({@code auth: none})
     */
    public int reloadTokens() throws IOException {
        if (config.auth() != GatewayConfig.Auth.TOKENS) {
            throw new IllegalStateException("the gateway runs without a tokens file (auth: none)");
        }
        TokenStore tokens = TokenStore.load(config.tokensFile());
        Set<String> revoked = authenticator.replace(tokens).revokedBy(tokens);
        int ended = 0;
        for (Session session : sessions.sessions()) {
            if (revoked.contains(session.client)) {
                for (SessionPath path : session.end()) {
                    path.stream.close(); // the client's open requests end too (RFC 9484 §3)
                }
                end(session);
                ended++;
            }
        }
        log.info(
                "tokens file reloaded: {} client(s); {} session(s) of removed clients or changed tokens ended",
                tokens.size(),
                ended);
        return ended;
    }

    /** A path of {@code session} ended: the session ends now, or after its grace time ({@link GraceTimer}). */
    void pathClosed(Session session, SessionPath path) {
        long now = timers.nanos();
        grace.pathClosed(session, path);
        if (session.openPaths() == 0 && sessions.contains(session)) {
            inGrace.entered(session, now);
        }
    }

    /** {@link SessionQuota.Reclaimer}: ends the session in its grace time without a path longest that matches. */
    private boolean reclaimOldest(BiPredicate<Session, Long> which) {
        Session oldest = inGrace.oldest(which);
        if (oldest == null) {
            return false;
        }
        metrics.quotas().reclaimed();
        log.info("session {} reclaimed in its grace time to make room for a new one", oldest.id);
        end(oldest);
        return true;
    }

    /**
     * Ends {@code session} for good. Its addresses are quarantined from when it stopped using them: now, or when it
     * lost its last path if it was in its grace time.
     */
    private void end(Session session) {
        if (sessions.remove(session)) {
            long stopped = inGrace.ended(session).orElse(timers.nanos());
            tokensIssued.revoke(session);
            addresses.release(session, stopped);
            quota.give(session.client);
            log.info("session {} closed", session.id);
        }
    }

    @Override
    public void close() {
        capacities.stop();
        timers.close();
        egress.close();
    }
}
