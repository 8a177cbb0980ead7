package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.quicroam.gateway.egress.EgressPolicy;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The checks an uplink IP packet from a client passes before the gateway forwards it. */
final class UplinkFilter {
    private static final Logger log = LoggerFactory.getLogger(UplinkFilter.class);

    /** The advertised routes (RFC 9484 §4.7.3): the only destinations a client may reach. */
    private final PrefixSet routes;

    private final EgressPolicy egressPolicy;
    private final RateLimitedLog deniedLog = RateLimitedLog.perMinute();

    UplinkFilter(PrefixSet routes, EgressPolicy egressPolicy) {
        this.routes = routes;
        this.egressPolicy = egressPolicy;
    }

    /**
     * Why {@code packet} from {@code session} must be dropped, or null to forward it. The hop limit is left alone:
     * the client decremented it when it put the packet into the tunnel (RFC 9484 §7.2: on encapsulation, not on
     * decapsulation).
     */
    DropReason check(Session session, ByteBuf packet) {
        if (IpPacket.malformedReason(packet) != null) {
            return DropReason.MALFORMED_PACKET;
        }
        if (!session.ownsSourceOf(packet)) {
            return DropReason.SPOOFED_SOURCE; // RFC 9484 §8: only the assigned addresses may be sources
        }
        if (!routes.containsDestination(packet)) {
            return DropReason.OUTSIDE_ROUTES; // RFC 9484 §4.8: only the advertised routes may be destinations
        }
        if (!egressPolicy.permits(packet)) {
            long suppressed = deniedLog.tryLog();
            if (suppressed >= 0) {
                log.info(
                        "session {}: the egress policy refused a packet; counted under drops{{reason=egress-denied}}, "
                                + "{} more since the last such line",
                        session.id,
                        suppressed);
            }
            return DropReason.EGRESS_DENIED; // RFC 9484 §4.8 lets a proxy refuse what its policy does not allow
        }
        return null;
    }
}
