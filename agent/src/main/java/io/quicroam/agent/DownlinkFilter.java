package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.ip.IcmpErrors;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.transport.DropReason;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checks a packet from the proxy passes before it reaches the device. RFC 9484 §7.2's forwarding rules bind both
 * ends: a packet must be addressed to this session, and come from inside the routes the proxy advertised. Without
 * them a laptop with {@code ip_forward=1} would route whatever the proxy sends on into its other networks.
 *
 * <p>Threads: the paths' event loops, concurrently. The rules follow the assignment (a volatile snapshot, rebuilt
 * when it changes, which is rare); nothing locks.
 */
final class DownlinkFilter {
    private record Rules(TunnelAssignment assignment, PrefixSet destinations, PrefixSet sources) {
        static Rules of(TunnelAssignment assignment) {
            PrefixSet ours = PrefixSet.of(
                    assignment.addresses().stream().map(AssignedAddress::prefix).toList());
            PrefixSet routes = PrefixSet.of(RoutePrefixes.of(assignment.routes(), List.of(), List.of(), List.of()));
            return new Rules(assignment, ours, routes);
        }
    }

    private final Supplier<TunnelAssignment> assignment;
    private volatile Rules rules = Rules.of(TunnelAssignment.NONE);

    /** @param assignment the proxy's current addresses and routes (RFC 9484 §4.7.1, §4.7.3) */
    DownlinkFilter(Supplier<TunnelAssignment> assignment) {
        this.assignment = assignment;
    }

    /** Why {@code packet} must not reach the device, or null to deliver it. */
    DropReason check(ByteBuf packet) {
        if (IpPacket.malformedReason(packet) != null) {
            return DropReason.MALFORMED_PACKET;
        }
        Rules current = current();
        if (!current.destinations.containsDestination(packet)) {
            return DropReason.UNASSIGNED_DESTINATION; // RFC 9484 §7.2: only to the addresses assigned to us
        }
        // RFC 9484 §7.2: only from the advertised routes; ICMP errors excepted, since they "can originate from a
        // source address other than that of the IP proxying peer" (the proxy's own, a router's on the way).
        if (!current.sources.containsSource(packet) && !IcmpErrors.isIcmpError(packet)) {
            return DropReason.OUTSIDE_ROUTES;
        }
        return null;
    }

    private Rules current() {
        Rules current = rules;
        TunnelAssignment now = assignment.get();
        if (current.assignment != now) {
            current = Rules.of(now);
            rules = current;
        }
        return current;
    }
}
