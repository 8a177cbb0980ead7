package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ConnectIpRequestValidator.Validation;
import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.ip.AddressMath;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.IpProtocol;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The routes one request may use: the gateway's routes narrowed to the request's {@code target} and {@code ipproto}
 * (RFC 9484 §4.6). They are what its ROUTE_ADVERTISEMENT says (§4.7.3) and all its uplink packets may reach (§4.8).
 * An unscoped request ("*" and "*") uses the gateway's routes as they are, and its packets are not checked here
 * ({@link UplinkFilter} checks them against the gateway's routes).
 */
final class ScopedRoutes {
    private final RouteAdvertisement advertisement;
    /** Null when unscoped; otherwise the advertisement's ranges as raw bytes, for an allocation-free check. */
    private final Range[] ranges;
    /** The destination of the packet being checked: the gateway's event loop is the only caller. */
    private final byte[] v4 = new byte[4];

    private final byte[] v6 = new byte[16];

    private record Range(byte[] start, byte[] end, int ipVersion, int ipProtocol) {}

    private ScopedRoutes(RouteAdvertisement advertisement, boolean scoped) {
        this.advertisement = advertisement;
        this.ranges =
                scoped ? advertisement.ranges().stream().map(ScopedRoutes::raw).toArray(Range[]::new) : null;
    }

    /** The gateway's {@code routes} as {@code request}'s scope narrows them. */
    static ScopedRoutes of(RouteAdvertisement routes, Validation.Accepted request) {
        Optional<IpPrefix> target = request.targetPrefix();
        OptionalInt protocol = request.ipProtocol();
        if (target.isEmpty() && protocol.isEmpty()) {
            return new ScopedRoutes(routes, false);
        }
        List<IpAddressRange> narrowed = new ArrayList<>();
        for (IpAddressRange range : routes.ranges()) {
            narrow(range, target, protocol).ifPresent(narrowed::add);
        }
        // RFC 9484 §4.7.3 order: IP Version, then IP Protocol, then Start. Narrowing keeps ranges disjoint.
        narrowed.sort(Comparator.comparingInt(IpAddressRange::ipVersion)
                .thenComparingInt(IpAddressRange::ipProtocol)
                .thenComparing(r -> AddressMath.toNumber(r.start())));
        return new ScopedRoutes(new RouteAdvertisement(narrowed), true);
    }

    private static Optional<IpAddressRange> narrow(
            IpAddressRange range, Optional<IpPrefix> target, OptionalInt protocol) {
        int ipProtocol = range.ipProtocol();
        if (protocol.isPresent()) {
            if (ipProtocol != 0 && ipProtocol != protocol.getAsInt()) {
                return Optional.empty();
            }
            ipProtocol = protocol.getAsInt();
        }
        BigInteger start = AddressMath.toNumber(range.start());
        BigInteger end = AddressMath.toNumber(range.end());
        if (target.isPresent()) {
            InetAddress address = target.get().address();
            if (IpAddresses.version(address) != range.ipVersion()) {
                return Optional.empty();
            }
            BigInteger targetStart = AddressMath.toNumber(address);
            int bits = address.getAddress().length * 8;
            start = start.max(targetStart);
            end = end.min(AddressMath.prefixEnd(targetStart, bits, target.get().prefixLength()));
            if (start.compareTo(end) > 0) {
                return Optional.empty();
            }
        }
        int length = range.start().getAddress().length;
        return Optional.of(new IpAddressRange(
                AddressMath.fromNumber(start, length), AddressMath.fromNumber(end, length), ipProtocol));
    }

    private static Range raw(IpAddressRange range) {
        return new Range(range.start().getAddress(), range.end().getAddress(), range.ipVersion(), range.ipProtocol());
    }

    /** What this request's ROUTE_ADVERTISEMENT carries. */
    RouteAdvertisement advertisement() {
        return advertisement;
    }

    boolean scoped() {
        return ranges != null;
    }

    /**
     * Whether a well-formed uplink {@code packet} stays inside the scope: its destination in an advertised range
     * whose protocol is any (0) or the packet's upper-layer protocol (walking IPv6 extension headers, RFC 9484
     * §4.8); ICMP is always allowed (§4.7.3), so errors about scoped traffic can flow.
     */
    boolean permits(ByteBuf packet) {
        if (ranges == null) {
            return true;
        }
        int version = IpPacket.version(packet);
        byte[] destination = version == 4 ? v4 : v6;
        IpPacket.copyDestination(packet, destination);
        int protocol = IpPacket.upperLayerProtocol(packet);
        for (Range range : ranges) {
            if (range.ipVersion() == version
                    && Arrays.compareUnsigned(range.start(), destination) <= 0
                    && Arrays.compareUnsigned(destination, range.end()) <= 0
                    && (range.ipProtocol() == 0
                            || range.ipProtocol() == protocol
                            || protocol == IpProtocol.icmpFor(version))) {
                return true;
            }
        }
        return false;
    }
}
