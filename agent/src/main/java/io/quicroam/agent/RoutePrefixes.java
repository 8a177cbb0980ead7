package io.quicroam.agent;

import io.quicroam.masque.capsule.IpAddressRange;
import io.quicroam.masque.ip.AddressMath;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns advertised address ranges (RFC 9484 §4.7.3) into the prefixes a routing table takes, leaving out
 * addresses that must never go into the tunnel (the proxy itself: the tunnel must not route its own packets).
 */
final class RoutePrefixes {
    /** A prefix in the form the route table takes. */
    record Route(InetAddress address, int prefixLength) {
        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength;
        }
    }

    private RoutePrefixes() {
    }

    static List<Route> of(Collection<IpAddressRange> ranges, Collection<InetAddress> excluded) {
        List<Route> routes = new ArrayList<>();
        for (IpAddressRange range : ranges) {
            int length = range.start().getAddress().length;
            List<BigInteger[]> pieces = new ArrayList<>();
            pieces.add(new BigInteger[] {AddressMath.toNumber(range.start()), AddressMath.toNumber(range.end())});
            for (InetAddress out : excluded) {
                if (out.getAddress().length == length) {
                    pieces = without(pieces, AddressMath.toNumber(out));
                }
            }
            for (BigInteger[] piece : pieces) {
                split(piece[0], piece[1], length * 8, routes);
            }
        }
        return routes;
    }

    private static List<BigInteger[]> without(List<BigInteger[]> pieces, BigInteger point) {
        List<BigInteger[]> out = new ArrayList<>();
        for (BigInteger[] piece : pieces) {
            if (point.compareTo(piece[0]) < 0 || point.compareTo(piece[1]) > 0) {
                out.add(piece);
                continue;
            }
            if (point.compareTo(piece[0]) > 0) {
                out.add(new BigInteger[] {piece[0], point.subtract(BigInteger.ONE)});
            }
            if (point.compareTo(piece[1]) < 0) {
                out.add(new BigInteger[] {point.add(BigInteger.ONE), piece[1]});
            }
        }
        return out;
    }

    /** The fewest aligned prefixes covering [start, end]. */
    private static void split(BigInteger start, BigInteger end, int bits, List<Route> out) {
        while (start.compareTo(end) <= 0) {
            int size = start.signum() == 0 ? bits : start.getLowestSetBit();
            while (size > 0 && start.add(BigInteger.ONE.shiftLeft(size)).subtract(BigInteger.ONE).compareTo(end) > 0) {
                size--;
            }
            out.add(new Route(AddressMath.fromNumber(start, bits / 8), bits - size));
            start = start.add(BigInteger.ONE.shiftLeft(size));
        }
    }

}
