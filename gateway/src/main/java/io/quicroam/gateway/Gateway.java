package io.quicroam.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.ConnectIpRequestValidator;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.AddressMath;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.packetio.PacketIo;
import io.quicroam.transport.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's sessions and packet rules, independent of how connections arrive ({@link GatewayServer}):
 * admission (authentication, address assignment), uplink checks, downlink dispatch.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** What {@link #admit} decided. */
    sealed interface Admission {
        record Admitted(Session session) implements Admission {
        }

        record Refused(int status, String reason) implements Admission {
        }
    }

    private final GatewayConfig config;
    private final ConnectIpRequestValidator validator;
    private final TokenStore tokens;
    private final AddressPool poolV4;
    private final AddressPool poolV6;
    private final SessionRegistry sessions = new SessionRegistry();
    private final RouteAdvertisement routeAdvertisement;
    private final PrefixSet routes;
    private final PacketIo egress;
    private final GatewayMetrics metrics;
    private final AtomicLong sessionIds = new AtomicLong();
    private final SessionTokens tokensIssued;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "quicroam-gateway-timers");
        thread.setDaemon(true);
        return thread;
    });

    public Gateway(GatewayConfig config, PacketIo egress, MeterRegistry registry) throws IOException {
        this.config = config;
        this.validator = new ConnectIpRequestValidator(config.template());
        this.tokens = config.auth() == GatewayConfig.Auth.TOKENS ? TokenStore.load(config.tokensFile()) : null;
        this.poolV4 = config.poolV4() == null ? null : new AddressPool(config.poolV4());
        this.poolV6 = config.poolV6() == null ? null : new AddressPool(config.poolV6());
        this.routeAdvertisement = advertisement(config.routes());
        this.routes = PrefixSet.of(config.routes());
        this.egress = egress;
        this.metrics = new GatewayMetrics(registry, sessions::size);
        this.tokensIssued = new SessionTokens(Clock.systemUTC(), config.tokenLifetime());
        egress.start(this::downlink);
    }

    GatewayConfig config() {
        return config;
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

    /**
     * Authenticates the request, then opens a session with fresh addresses, or — with quicroam's extension and a
     * session token — joins the session the token names (docs/extension.md).
     *
     * @param offer     the extension's request header: "?1" asks for a session token
     * @param joinToken the extension's join header, or null
     */
    Admission admit(CharSequence authorization, QuicStreamChannel stream, CharSequence offer, CharSequence joinToken) {
        String client;
        if (tokens != null) {
            Optional<String> owner = tokens.authenticate(authorization);
            if (owner.isEmpty()) {
                return new Admission.Refused(401, authorization == null ? "no bearer token" : "invalid bearer token");
            }
            client = owner.get();
        } else {
            client = certificateSubject((QuicChannel) stream.parent()).orElse("anonymous");
        }
        if (joinToken != null && config.extension()) {
            Optional<Session> joined = tokensIssued.redeem(joinToken.toString(), client);
            if (joined.isEmpty() || !sessions.contains(joined.get())) {
                return new Admission.Refused(403, "session token unknown, expired or issued to another client");
            }
            return new Admission.Admitted(joined.get());
        }
        Inet4Address v4 = null;
        Inet6Address v6 = null;
        if (poolV4 != null) {
            v4 = (Inet4Address) poolV4.allocate().orElse(null);
        }
        if (poolV6 != null) {
            v6 = (Inet6Address) poolV6.allocate().orElse(null);
        }
        if ((poolV4 != null && v4 == null) || (poolV6 != null && v6 == null)) {
            release(v4, v6);
            log.warn("address pool exhausted ({} sessions): refusing a new session with 503", sessions.size());
            return new Admission.Refused(503, "address pool exhausted");
        }
        boolean extended = config.extension() && offer != null && "?1".contentEquals(offer);
        String token = extended ? tokensIssued.issue() : null;
        Session session = new Session(sessionIds.incrementAndGet(), client, token, metrics);
        session.assign(v4, 0, v6, 0);
        sessions.put(session);
        if (token != null) {
            tokensIssued.register(token, session);
        }
        return new Admission.Admitted(session);
    }

    /**
     * Answers an ADDRESS_REQUEST (RFC 9484 §4.7.2). A request for a specific free address in the pool moves the
     * session to it; an all-zero address means "any" and keeps the current one. A request that cannot be met is
     * answered with the all-zero address at full prefix length (RFC 9484 §4.7.1).
     */
    AddressAssign honour(Session session, AddressRequest request) {
        Inet4Address v4 = session.ipv4();
        Inet6Address v6 = session.ipv6();
        long v4Request = 0;
        long v6Request = 0;
        List<AssignedAddress> refusals = new ArrayList<>();
        for (RequestedAddress wanted : request.addresses()) {
            InetAddress address = wanted.prefix().address();
            boolean isV4 = address instanceof Inet4Address;
            InetAddress current = isV4 ? v4 : v6;
            AddressPool pool = isV4 ? poolV4 : poolV6;
            InetAddress granted = null;
            if (current != null && (address.isAnyLocalAddress() || wanted.prefix().contains(current))) {
                granted = current;
            } else if (pool != null && wanted.prefix().prefixLength() == address.getAddress().length * 8
                    && pool.claim(address)) {
                if (current != null) {
                    pool.release(current);
                }
                granted = address;
            }
            if (granted == null) {
                refusals.add(new AssignedAddress(wanted.requestId(),
                        new IpPrefix(AddressMath.zero(isV4 ? 4 : 16), address.getAddress().length * 8)));
            } else if (isV4) {
                v4 = (Inet4Address) granted;
                v4Request = wanted.requestId();
            } else {
                v6 = (Inet6Address) granted;
                v6Request = wanted.requestId();
            }
        }
        session.assign(v4, v4Request, v6, v6Request);
        sessions.reindex();
        List<AssignedAddress> all = new ArrayList<>(session.assigned());
        all.addAll(refusals);
        return new AddressAssign(all);
    }

    /** An uplink IP packet from a session's client: checked, then handed to the egress. Takes ownership. */
    void uplink(Session session, ByteBuf packet) {
        DropReason drop = uplinkDrop(session, packet);
        if (drop != null) {
            packet.release();
            metrics.dropped(drop);
            return;
        }
        metrics.uplinkPackets.increment();
        metrics.uplinkBytes.increment(packet.readableBytes());
        if (!egress.write(packet)) {
            metrics.dropped(DropReason.QUEUE_FULL);
        }
    }

    private DropReason uplinkDrop(Session session, ByteBuf packet) {
        if (IpPacket.malformedReason(packet) != null) {
            return DropReason.MALFORMED_PACKET;
        }
        if (!session.ownsSourceOf(packet)) {
            return DropReason.SPOOFED_SOURCE; // RFC 9484 §8: only the assigned addresses may be sources
        }
        if (!routes.containsDestination(packet)) {
            return DropReason.OUTSIDE_ROUTES; // RFC 9484 §4.8: only the advertised routes may be destinations
        }
        if (!IpPacket.decrementHopLimit(packet)) {
            return DropReason.HOP_LIMIT; // RFC 9484 §7.2: a forwarding proxy decrements the hop limit
        }
        return null;
    }

    /** A packet from the egress: to the session owning its destination. Takes ownership. */
    private void downlink(ByteBuf packet) {
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
        metrics.downlinkPackets.increment();
        metrics.downlinkBytes.increment(packet.readableBytes());
        session.sendDownlink(packet);
    }

    /**
     * A path of {@code session} ended. A plain session ends with its only stream; an extended one lives on for the
     * grace time after its last path, so a laptop that loses every network for a moment keeps its address.
     */
    void pathClosed(Session session, SessionPath path) {
        session.detach(path);
        if (session.openPaths() > 0) {
            return;
        }
        if (session.token == null || config.sessionGrace().isZero()) {
            end(session);
            return;
        }
        log.info("session {} has no path left; kept for {} s", session.id, config.sessionGrace().toSeconds());
        session.expireWith(timers.schedule(() -> {
            if (session.openPaths() == 0) {
                end(session);
            }
        }, config.sessionGrace().toMillis(), TimeUnit.MILLISECONDS));
    }

    private void end(Session session) {
        if (sessions.remove(session)) {
            tokensIssued.revoke(session);
            release(session.ipv4(), session.ipv6());
            log.info("session {} closed", session.id);
        }
    }

    Duration sessionGrace() {
        return config.sessionGrace();
    }

    private void release(Inet4Address v4, Inet6Address v6) {
        if (v4 != null) {
            poolV4.release(v4);
        }
        if (v6 != null) {
            poolV6.release(v6);
        }
    }

    /**
     * ROUTE_ADVERTISEMENT ranges must be ordered by IP version, then protocol, then start, and must not overlap
     * (RFC 9484 §4.7.3): sort the configured prefixes and merge any that overlap.
     */
    static RouteAdvertisement advertisement(List<IpPrefix> prefixes) {
        List<BigInteger[]> v4 = new ArrayList<>();
        List<BigInteger[]> v6 = new ArrayList<>();
        for (IpPrefix prefix : prefixes) {
            int bits = prefix.address().getAddress().length * 8;
            BigInteger start = AddressMath.toNumber(prefix.address());
            BigInteger end = AddressMath.prefixEnd(start, bits, prefix.prefixLength());
            (bits == 32 ? v4 : v6).add(new BigInteger[] {start, end});
        }
        List<IpAddressRange> ranges = new ArrayList<>();
        ranges.addAll(merged(v4, 4));
        ranges.addAll(merged(v6, 16));
        return new RouteAdvertisement(ranges);
    }

    private static List<IpAddressRange> merged(List<BigInteger[]> intervals, int length) {
        intervals.sort(Comparator.comparing(interval -> interval[0]));
        List<IpAddressRange> out = new ArrayList<>();
        BigInteger[] open = null;
        for (BigInteger[] interval : intervals) {
            if (open != null && interval[0].compareTo(open[1].add(BigInteger.ONE)) <= 0) {
                open[1] = open[1].max(interval[1]);
            } else {
                if (open != null) {
                    out.add(new IpAddressRange(AddressMath.fromNumber(open[0], length), AddressMath.fromNumber(open[1], length), 0));
                }
                open = interval.clone();
            }
        }
        if (open != null) {
            out.add(new IpAddressRange(AddressMath.fromNumber(open[0], length), AddressMath.fromNumber(open[1], length), 0));
        }
        return out;
    }


    private static Optional<String> certificateSubject(QuicChannel connection) {
        try {
            var certificates = connection.sslEngine().getSession().getPeerCertificates();
            if (certificates.length > 0 && certificates[0] instanceof X509Certificate certificate) {
                return Optional.of(certificate.getSubjectX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException | RuntimeException noCertificate) {
            // no client certificate: anonymous
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        egress.close();
    }
}
