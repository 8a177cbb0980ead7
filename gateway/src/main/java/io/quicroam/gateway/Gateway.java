package io.quicroam.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.quicroam.masque.ConnectIpRequestValidator;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.capsule.RouteAdvertisements;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.time.ExecutorTimeSource;
import io.quicroam.transport.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

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
    private final AddressAssigner addresses;
    private final SessionTokens tokensIssued;
    private final AdmissionControl admission;
    private final RouteAdvertisement routeAdvertisement;
    private final UplinkFilter uplinkFilter;
    private final PacketIo egress;
    private final GatewayMetrics metrics;
    /** The grace timers' thread: a session's grace time ends there. */
    private final ExecutorTimeSource timers = new ExecutorTimeSource("quicroam-gateway-timers");
    private final GraceTimer grace;

    public Gateway(GatewayConfig config, PacketIo egress, MeterRegistry registry) throws IOException {
        this.config = config;
        this.validator = new ConnectIpRequestValidator(config.template());
        TokenStore tokens = config.auth() == GatewayConfig.Auth.TOKENS ? TokenStore.load(config.tokensFile()) : null;
        this.addresses = new AddressAssigner(config.poolV4(), config.poolV6());
        this.routeAdvertisement = RouteAdvertisements.of(config.routes());
        this.uplinkFilter = new UplinkFilter(PrefixSet.of(config.routes()));
        this.egress = egress;
        this.metrics = new GatewayMetrics(registry, sessions::size);
        this.tokensIssued = new SessionTokens(timers.clock(), config.tokenLifetime());
        this.admission = new AdmissionControl(new Authenticator(tokens), config.extension(), tokensIssued, sessions,
                addresses, metrics);
        this.grace = new GraceTimer(timers, config.sessionGrace(), this::end);
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

    Duration sessionGrace() {
        return grace.grace();
    }

    /** See {@link AdmissionControl#admit}; the client certificate, if any, comes from the stream's connection. */
    Admission admit(CharSequence authorization, QuicStreamChannel stream, CharSequence offer, CharSequence joinToken) {
        return admission.admit(authorization,
                () -> ((QuicChannel) stream.parent()).sslEngine().getSession().getPeerCertificates(), offer, joinToken);
    }

    /** Answers an ADDRESS_REQUEST (RFC 9484 §4.7.2); downlink follows the session to its new addresses. */
    AddressAssign honour(Session session, AddressRequest request) {
        AddressAssign answer = addresses.honour(session, request);
        sessions.reindex();
        return answer;
    }

    /** An uplink IP packet from a session's client: checked, then handed to the egress. Takes ownership. */
    void uplink(Session session, ByteBuf packet) {
        DropReason drop = uplinkFilter.check(session, packet);
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

    /** A path of {@code session} ended: the session ends now, or after its grace time ({@link GraceTimer}). */
    void pathClosed(Session session, SessionPath path) {
        grace.pathClosed(session, path);
    }

    private void end(Session session) {
        if (sessions.remove(session)) {
            tokensIssued.revoke(session);
            addresses.release(session);
            log.info("session {} closed", session.id);
        }
    }

    @Override
    public void close() {
        timers.close();
        egress.close();
    }
}
