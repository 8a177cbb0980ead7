package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.transport.DropReason;

/** The checks an uplink IP packet from a client passes before the gateway forwards it. */
final class UplinkFilter {
    /** The advertised routes (RFC 9484 §4.7.3): the only destinations a client may reach. */
    private final PrefixSet routes;

    UplinkFilter(PrefixSet routes) {
        this.routes = routes;
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
        return null;
    }
}
