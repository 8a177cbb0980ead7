package io.quicroam.agent;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the proxy's assignment allows the laptop to send, checked before a packet enters the tunnel; a refused packet
 * is answered with ICMP "administratively prohibited" into the device, so the application learns at once:
 *
 * <ul>
 *   <li>its source must not be an address the proxy withdrew. RFC 9484 §4.7.1: an ADDRESS_ASSIGN is the full list,
 *       so one without an address withdraws it (an empty one withdraws all), and the proxy drops what comes from it
 *       (§8). The device keeps the withdrawn address and its routes until a new assignment replaces them: removing
 *       the last IPv4 address of a device makes the kernel flush its IPv4 routes, and the traffic would leave
 *       outside the tunnel. Other foreign sources (a laptop forwarding for others) are the proxy's to refuse, as
 *       before: only it knows whether they are spoofed.
 *   <li>a destination inside a range the proxy limited to some IP protocol (RFC 9484 §4.7.3) may be sent only that
 *       protocol (ICMP of the family always: §4.7.3); the device routes the whole range, as a routing table cannot
 *       tell protocols apart.
 * </ul>
 *
 * <p>Threads: the device's reader. The rules follow the assignment (volatile snapshots, rebuilt when they change).
 */
final class UplinkRules {
    private record Rules(
            TunnelAssignment assignment,
            List<IpPrefix> withdrawnList,
            PrefixSet withdrawn,
            PrefixSet anyProtocol,
            List<IpAddressRange> limited) {
        static Rules of(TunnelAssignment assignment, List<IpPrefix> withdrawn) {
            List<IpAddressRange> open = assignment.routes().stream()
                    .filter(r -> r.ipProtocol() == 0)
                    .toList();
            List<IpAddressRange> limited = assignment.routes().stream()
                    .filter(r -> r.ipProtocol() != 0)
                    .toList();
            PrefixSet any = PrefixSet.of(RoutePrefixes.of(open, List.of(), List.of(), List.of()));
            return new Rules(assignment, withdrawn, PrefixSet.of(withdrawn), any, limited);
        }
    }

    private final Supplier<TunnelAssignment> assignment;
    private final Supplier<List<IpPrefix>> withdrawn;
    private volatile Rules rules = Rules.of(TunnelAssignment.NONE, List.of());

    /**
     * @param assignment the proxy's current addresses and routes (RFC 9484 §4.7.1, §4.7.3)
     * @param withdrawn  the addresses it assigned earlier in the session and withdrew since
     */
    UplinkRules(Supplier<TunnelAssignment> assignment, Supplier<List<IpPrefix>> withdrawn) {
        this.assignment = assignment;
        this.withdrawn = withdrawn;
    }

    /** Why a well-formed {@code packet} must not enter the tunnel, or null to send it. */
    DropReason check(ByteBuf packet) {
        Rules current = current();
        if (current.withdrawn.containsSource(packet)) {
            return DropReason.SPOOFED_SOURCE; // RFC 9484 §4.7.1, §8: no longer an assigned address
        }
        if (current.limited.isEmpty() || current.anyProtocol.containsDestination(packet)) {
            return null;
        }
        InetAddress destination = IpPacket.destination(packet);
        int protocol = IpPacket.upperLayerProtocol(packet);
        boolean inLimitedRange = false;
        for (IpAddressRange range : current.limited) {
            if (range.contains(destination, protocol)) {
                return null;
            }
            inLimitedRange |= range.contains(destination, range.ipProtocol());
        }
        // RFC 9484 §4.7.3: only the range's protocol may go there. Outside every range the proxy decides (§4.8).
        return inLimitedRange ? DropReason.OUTSIDE_ROUTES : null;
    }

    private Rules current() {
        Rules current = rules;
        TunnelAssignment now = assignment.get();
        List<IpPrefix> gone = withdrawn.get();
        if (current.assignment != now || current.withdrawnList != gone) {
            current = Rules.of(now, gone);
            rules = current;
        }
        return current;
    }
}
