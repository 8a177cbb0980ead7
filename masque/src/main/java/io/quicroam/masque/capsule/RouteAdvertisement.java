package io.quicroam.masque.capsule;

import java.util.List;

/**
 * ROUTE_ADVERTISEMENT (type 0x03, RFC 9484 §4.7.3): the full list of address ranges the sender will
 * route; each capsule supersedes the previous one, and an empty list withdraws every route.
 */
public record RouteAdvertisement(List<IpAddressRange> ranges) implements Capsule {

    public static final long TYPE = 0x03;

    public RouteAdvertisement {
        ranges = List.copyOf(ranges);
        checkOrder(ranges);
        checkNoAnyProtocolOverlap(ranges);
    }

    @Override
    public long type() {
        return TYPE;
    }

    /**
     * RFC 9484 §4.7.3: if range A precedes range B, A's IP Version ≤ B's; with equal versions A's IP
     * Protocol ≤ B's; with equal versions and protocols A's End is strictly less than B's Start. A
     * receiver MUST abort the stream otherwise.
     */
    private static void checkOrder(List<IpAddressRange> ranges) {
        for (int i = 1; i < ranges.size(); i++) {
            IpAddressRange a = ranges.get(i - 1);
            IpAddressRange b = ranges.get(i);
            if (a.ipVersion() > b.ipVersion()) {
                throw new IllegalArgumentException(
                        "ranges " + (i - 1) + " and " + i + " are out of order: IP Version must not decrease");
            }
            if (a.ipVersion() == b.ipVersion() && a.ipProtocol() > b.ipProtocol()) {
                throw new IllegalArgumentException("ranges " + (i - 1) + " and " + i
                        + " are out of order: IP Protocol must not decrease within an IP Version");
            }
            if (a.ipVersion() == b.ipVersion()
                    && a.ipProtocol() == b.ipProtocol()
                    && IpAddressRange.compare(a.end(), b.start()) >= 0) {
                throw new IllegalArgumentException("ranges " + (i - 1) + " and " + i
                        + " overlap or are out of order: End of the first must be below Start of the second");
            }
        }
    }

    /**
     * RFC 9484 §4.7.3: a protocol-0 ("any") range and a protocol-specific range of the same version MUST
     * NOT overlap; checking is optional, but a detected violation MUST abort the stream. Given the order
     * above, each version's protocol-0 ranges come first, sorted and disjoint: a binary search finds the
     * only one that could overlap a later range.
     */
    private static void checkNoAnyProtocolOverlap(List<IpAddressRange> ranges) {
        int anyStart = 0;
        int anyEnd = 0; // protocol-0 ranges of the current version: [anyStart, anyEnd)
        for (int i = 0; i < ranges.size(); i++) {
            IpAddressRange r = ranges.get(i);
            if (i == 0 || ranges.get(i - 1).ipVersion() != r.ipVersion()) {
                anyStart = i;
                anyEnd = i;
            }
            if (r.ipProtocol() == 0) {
                anyEnd = i + 1;
                continue;
            }
            int candidate = lastStartingAtOrBelow(ranges, anyStart, anyEnd, r);
            if (candidate >= 0 && IpAddressRange.compare(ranges.get(candidate).end(), r.start()) >= 0) {
                throw new IllegalArgumentException("range " + i + " (IP Protocol " + r.ipProtocol()
                        + ") overlaps range " + candidate + " (IP Protocol 0, any)");
            }
        }
    }

    /** Index in [from, to) of the last range whose start ≤ r's end, or -1. */
    private static int lastStartingAtOrBelow(List<IpAddressRange> ranges, int from, int to, IpAddressRange r) {
        int lo = from;
        int hi = to - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (IpAddressRange.compare(ranges.get(mid).start(), r.end()) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
