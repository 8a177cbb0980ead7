package io.quicroam.masque.capsule;

import io.quicroam.masque.ip.AddressMath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds a valid {@link RouteAdvertisement} from prefixes as an operator writes them: any order, overlaps allowed. */
public final class RouteAdvertisements {
    private RouteAdvertisements() {}

    /**
     * ROUTE_ADVERTISEMENT ranges must be ordered by IP version, then protocol, then start, and must not overlap
     * (RFC 9484 §4.7.3): sort the prefixes and merge any that overlap or touch. Every range allows any protocol (0).
     */
    public static RouteAdvertisement of(List<IpPrefix> prefixes) {
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
                    out.add(range(open, length));
                }
                open = interval.clone();
            }
        }
        if (open != null) {
            out.add(range(open, length));
        }
        return out;
    }

    private static IpAddressRange range(BigInteger[] interval, int length) {
        return new IpAddressRange(
                AddressMath.fromNumber(interval[0], length), AddressMath.fromNumber(interval[1], length), 0);
    }
}
